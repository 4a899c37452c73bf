import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NetworkStatus } from '../../../src/shared/api-contract.js';
import { DhtNode } from '../../../src/main/p2p/dht-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';

function statusReaching(node: DhtNode, state: NetworkStatus['state'], ms: number): Promise<NetworkStatus> {
  if (node.status.state === state) return Promise.resolve(node.status);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still ${node.status.state} after ${ms} ms`)), ms);
    const off = node.on('statusChanged', (status) => {
      if (status.state !== state) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

describe('a DHT node on a private network', () => {
  let network: PrivateNetwork;
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 3 });
  });
  after(() => network.close());

  test('starts connecting, comes online with the network as peers, and goes offline when closed', async () => {
    const node = new DhtNode({ bootstrap: [network.bootstrap] });
    try {
      assert.equal(node.status.state, 'connecting');
      assert.equal(node.status.privateNetwork, true);
      assert.deepEqual(node.status.bootstrap, [`127.0.0.1:${network.bootstrap.port}`]);
      const online = await statusReaching(node, 'online', 10_000);
      assert.ok(online.peers >= 1, `peers: ${online.peers}`);
    } finally {
      await node.close();
    }
    assert.equal(node.status.state, 'offline');
    assert.equal(node.status.peers, 0);
  });

  test('is offline when no bootstrap node answers', async () => {
    // A port inside the private network's host where nothing listens.
    const node = new DhtNode({ bootstrap: [{ host: '127.0.0.1', port: 9 }] });
    try {
      await statusReaching(node, 'offline', 30_000);
    } finally {
      await node.close();
    }
  });
});
