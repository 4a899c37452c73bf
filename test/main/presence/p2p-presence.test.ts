import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BuddyPresence } from '../../../src/shared/api-contract.js';
import { P2pEndpoint } from '../../../src/main/call/p2p-endpoint.js';
import { systemClock } from '../../../src/main/clock.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { DeviceDirectory } from '../../../src/main/p2p/device-directory.js';
import { DeviceListStore } from '../../../src/main/p2p/device-list-store.js';
import { DhtNode } from '../../../src/main/p2p/dht-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { PIDF_CONTENT_TYPE } from '../../../src/main/presence/pidf.js';
import type { SubscriptionTerminated } from '../../../src/main/sip/ua/index.js';
import { registered } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Buddy presence between Parley nodes on a private DHT on 127.0.0.1 (issue 6, point 2). */

type Status = BuddyPresence['status'];

/**
 * Resolves with the milliseconds waited once `watcher`'s API shows `uri` as `status` (in
 * listPresence or a buddyPresenceChanged event); fails after `ms` with what it showed last.
 */
async function seesAs(watcher: ParleyNode, uri: string, status: Status, ms: number): Promise<number> {
  const started = Date.now();
  let last: Status | 'absent' = 'absent';
  return new Promise<number>((resolve, reject) => {
    const done = (error?: Error): void => {
      clearTimeout(timer);
      off();
      if (error) reject(error);
      else resolve(Date.now() - started);
    };
    const timer = setTimeout(() => done(new Error(`${uri} was not shown ${status} within ${ms} ms (last: ${last})`)), ms);
    const off = watcher.api.on('buddyPresenceChanged', (presence) => {
      if (presence.uri !== uri) return;
      last = presence.status;
      if (presence.status === status) done();
    });
    void watcher.api.dispatch('listPresence', {}).then((listed) => {
      const entry = listed.ok ? (listed.value as BuddyPresence[]).find((presence) => presence.uri === uri) : undefined;
      if (entry && last === 'absent') last = entry.status;
      if (entry?.status === status) done();
    });
  });
}

describe('buddy presence over the peer connections, on a private DHT', () => {
  let network: PrivateNetwork;
  let dir = '';
  const nodes: ParleyNode[] = [];
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 10 });
    dir = await tempDir('parley-presence');
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await network?.close();
  });

  async function start(name: string): Promise<ParleyNode> {
    const node = await ParleyNode.start({ dataDir: join(dir, name), bootstrap: [network.bootstrap], shell: 'browser', lan: false });
    nodes.push(node);
    return node;
  }

  test('Alice adds Bob and sees him online, busy, away; offline once his node closes; online again when it restarts', { timeout: 240_000 }, async (t) => {
    let bob = await start('bob');
    const alice = await start('alice');
    await Promise.all([registered(bob), registered(alice)]);

    const online = seesAs(alice, bob.uri, 'online', 30_000);
    assert.ok((await alice.api.dispatch('addContact', { uri: bob.uri, displayName: 'Bob' })).ok);
    t.diagnostic(`Bob seen online ${await online} ms after addContact began`);
    assert.ok((await alice.api.dispatch('addContact', { uri: 'sip:frank@192.0.2.7', displayName: 'Frank (desk phone)' })).ok);
    const listed = await alice.api.dispatch('listPresence', {});
    assert.ok(listed.ok);
    assert.deepEqual(
      (listed.value as BuddyPresence[]).map(({ uri, status }) => ({ uri, status })),
      [
        { uri: bob.uri, status: 'online' },
        { uri: 'sip:frank@192.0.2.7', status: 'unknown' },
      ],
      'a plain SIP contact has no presence',
    );

    const ownChanges: string[] = [];
    bob.api.on('presenceChanged', ({ status }) => ownChanges.push(status));
    for (const status of ['busy', 'away', 'online'] as const) {
      assert.deepEqual(await bob.api.dispatch('setPresence', { status }), { ok: true, value: { status } });
      const waited = await seesAs(alice, bob.uri, status, 15_000);
      t.diagnostic(`Bob ${status}: Alice saw it after ${waited} ms`);
    }
    assert.deepEqual(ownChanges, ['busy', 'away', 'online'], 'Bob’s own UIs heard each change');

    const dataDir = bob.profile.dataDir;
    const bobUri = bob.uri;
    const closing = Date.now();
    const offline = seesAs(alice, bobUri, 'offline', 30_000);
    await bob.close();
    nodes.splice(nodes.indexOf(bob), 1);
    const closedIn = Date.now() - closing;
    const offlineAfter = await offline;
    t.diagnostic(`Bob offline: Alice saw it ${offlineAfter} ms after close() began (close itself took ${closedIn} ms)`);

    const restarting = Date.now();
    bob = await ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser', lan: false });
    nodes.push(bob);
    assert.equal(bob.uri, bobUri, 'the same identity');
    const backAfter = await seesAs(alice, bobUri, 'online', 120_000);
    t.diagnostic(`Bob back: Alice saw him online ${backAfter} ms after his node began starting (${Date.now() - restarting} ms in all)`);
  });

  test('a SUBSCRIBE from a device its claimed identity does not list gets 403', { timeout: 90_000 }, async () => {
    const bob = await start('bob-403');
    const mallory = await start('mallory');
    await Promise.all([registered(bob), registered(mallory)]);
    const dht = new DhtNode({ bootstrap: [network.bootstrap] });
    const forger = await P2pEndpoint.start({
      dht: dht.dht,
      // Mallory's address, without Mallory's secret; its device is on no list.
      identity: { publicKey: mallory.profile.identity.publicKey, secretKey: Buffer.alloc(64) },
      device: keyPairFromSeed(generateSeed()),
      directory: new DeviceDirectory({ dht: dht.dht, clock: systemClock }),
      store: new DeviceListStore(dht.dht),
      autoAnswer: false,
      displayName: 'Mallory (not really)',
      product: 'forger',
      // It presents Mallory's genuine signed list, which does not name it.
      ownDeviceList: () => mallory.device.record(),
    });
    try {
      const bobDevice = bob.device.keyPair.publicKey;
      await forger.connector.connect(bobDevice);
      const subscription = forger.subscribeAt(bobDevice, bob.uri, { event: 'presence', accept: [PIDF_CONTENT_TYPE] });
      const answer = await new Promise<SubscriptionTerminated | 'accepted'>((resolve) => {
        subscription.onTerminated(resolve);
        subscription.onAccepted(() => resolve('accepted'));
      });
      assert.notEqual(answer, 'accepted', 'the forged device must not watch Bob');
      assert.equal(answer === 'accepted' ? 200 : answer.outcome?.status, 403);

      // Mallory's real device is admitted on the same terms.
      await mallory.p2p.connector.connect(bobDevice);
      const genuine = mallory.p2p.subscribeAt(bobDevice, bob.uri, { event: 'presence', accept: [PIDF_CONTENT_TYPE] });
      const accepted = await new Promise<number>((resolve, reject) => {
        genuine.onAccepted(({ expires }) => resolve(expires));
        genuine.onTerminated((end) => reject(new Error(`refused: ${end.outcome?.status}`)));
      });
      assert.ok(accepted > 0);
      genuine.unsubscribe();
    } finally {
      await forger.close();
      await dht.close();
    }
  });
});
