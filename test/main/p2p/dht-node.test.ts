import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NetworkStatus } from '../../../src/shared/api-contract.js';
import { DhtNode } from '../../../src/main/p2p/dht-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';

function statusMatching(node: DhtNode, match: (status: NetworkStatus) => boolean, ms: number): Promise<NetworkStatus> {
  if (match(node.status)) return Promise.resolve(node.status);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`status still ${JSON.stringify(node.status)} after ${ms} ms`)), ms);
    const off = node.on('statusChanged', (status) => {
      if (!match(status)) return;
      clearTimeout(timer);
      off();
      resolve(status);
    });
  });
}

function statusReaching(node: DhtNode, state: NetworkStatus['state'], ms: number): Promise<NetworkStatus> {
  return statusMatching(node, (status) => status.state === state, ms);
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

  test('says the NAT is unknown until the network has seen it, then what it saw: one address on loopback', async () => {
    const node = new DhtNode({ bootstrap: [network.bootstrap] });
    try {
      assert.deepEqual([node.status.nat, node.status.publicAddress], ['unknown', null], 'nothing is guessed before any reply');
      const measured = await statusMatching(node, (status) => status.nat !== 'unknown', 10_000);
      // Every node of a loopback network sees us at 127.0.0.1 and one port: no NAT picks ports here.
      assert.ok(measured.nat === 'consistent' || measured.nat === 'open', `nat: ${measured.nat}`);
      assert.match(measured.publicAddress ?? '', /^127\.0\.0\.1:\d+$/);
      const port = Number(measured.publicAddress?.split(':')[1]);
      const local = node.dht.address().port;
      // Firewalled, the node speaks from its client socket; open, from its server socket.
      assert.ok(measured.nat === 'open' ? port === local : port > 0, `public port ${port}, server socket ${local}`);
    } finally {
      await node.close();
    }
    assert.deepEqual([node.status.nat, node.status.publicAddress], ['unknown', null], 'a closed node measures nothing');
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
