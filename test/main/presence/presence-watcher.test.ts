import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressOfRecord } from '../../../src/main/identity/address-of-record.js';
import { BuddyWatchers, type BuddyPresence } from '../../../src/main/presence/buddy-watchers.js';
import { parsePidf } from '../../../src/main/presence/pidf.js';
import { PRESENCE_GRANTS, PresenceNotifier } from '../../../src/main/presence/presence-notifier.js';
import type { BuddyStatus, PresenceState } from '../../../src/main/presence/presence-state.js';
import { PresenceWatcher, type PresencePeers } from '../../../src/main/presence/presence-watcher.js';
import { contentText, type IncomingSubscription, type SubscriptionTerminated } from '../../../src/main/sip/ua/index.js';
import { settle, twoPeers, type Peers } from '../../helpers/sip-ua-peers.js';

const BOB_DEVICE = { deviceKey: Buffer.alloc(32, 0xb0), relayAddresses: [] };

/**
 * Alice watches Bob over two UA cores on the in-memory SIP network (fake time): Bob serves his
 * status with a PresenceNotifier; Alice's peers find Bob's one device while `bob.up`.
 */
function scene() {
  const peers = twoPeers();
  const bob = { up: true, state: 'online' as PresenceState, notifier: undefined as PresenceNotifier | undefined };
  const serve = (): PresenceNotifier => {
    const notifier = new PresenceNotifier({ entity: peers.bobUri, state: () => bob.state });
    peers.bob.setEventPackage('presence', { ...PRESENCE_GRANTS, onSubscribe: (subscription) => notifier.accept(subscription) });
    bob.notifier = notifier;
    return notifier;
  };
  const closedListeners = new Set<(deviceKeyHex: string) => void>();
  let lookups = 0;
  const alicePeers: PresencePeers = {
    findDevices: async () => {
      lookups++;
      return bob.up ? [BOB_DEVICE] : [];
    },
    connect: async () => {
      if (!bob.up) throw new Error('unreachable');
    },
    subscribe: (_deviceKey, target, options) => peers.alice.subscribe(target, options),
    onConnectionClosed: (listener) => {
      closedListeners.add(listener);
      return () => closedListeners.delete(listener);
    },
  };
  const statuses: Array<{ status: BuddyStatus; at: number }> = [];
  const log: string[] = [];
  const watcher = new PresenceWatcher({
    uri: peers.bobUri,
    identity: Buffer.alloc(32, 0xbb),
    peers: alicePeers,
    clock: peers.clock,
    random: () => 0,
    onStatus: (status) => statuses.push({ status, at: peers.clock.now() }),
    log: (line) => log.push(line),
  });
  return {
    peers,
    bob,
    serve,
    watcher,
    statuses,
    log,
    lookups: () => lookups,
    closeConnection: () => closedListeners.forEach((listener) => listener(BOB_DEVICE.deviceKey.toString('hex'))),
    /** Runs fake time in 1 s steps, letting promises settle: for minutes of protocol. */
    runSeconds: async (seconds: number) => {
      for (let i = 0; i < seconds; i++) {
        peers.clock.advance(1_000);
        await settle();
      }
    },
  };
}

function wireCount(peers: Peers, label: string): number {
  return peers.net.count(label);
}

describe('PresenceWatcher and PresenceNotifier over SIP (RFC 3856, on fake time)', () => {
  test('Alice sees Bob online, then busy and away as he sets them; refreshes keep it; Bob closing shows offline at once; back again, online', async () => {
    const s = scene();
    s.serve();
    s.watcher.start();
    await s.peers.run(50);
    assert.equal(s.watcher.status, 'online');

    s.bob.state = 'busy';
    s.bob.notifier?.publish();
    await s.peers.run(20);
    assert.equal(s.watcher.status, 'busy');
    s.bob.state = 'away';
    s.bob.notifier?.publish();
    await s.peers.run(20);
    assert.equal(s.watcher.status, 'away');

    // Ten minutes: the 240 s grant is refreshed before it runs out, and nothing changes.
    await s.runSeconds(600);
    assert.ok(wireCount(s.peers, 'SUBSCRIBE') >= 3, `refreshed: ${wireCount(s.peers, 'SUBSCRIBE')} SUBSCRIBEs`);
    assert.equal(s.watcher.status, 'away');
    assert.equal(s.bob.notifier?.watcherCount, 1);

    // Bob closes: his notifier ends the subscription with a closed document.
    s.bob.up = false;
    const closedAt = s.peers.clock.now();
    s.bob.notifier?.close();
    await s.peers.run(20);
    assert.equal(s.watcher.status, 'offline');
    assert.ok((s.statuses.at(-1)?.at ?? Infinity) - closedAt <= 5, 'offline as soon as the terminating NOTIFY arrived');
    const lastNotify = s.peers.net.wire.filter((record) => record.label === 'NOTIFY').at(-1);
    assert.match(lastNotify?.message.headers.first('Subscription-State') ?? '', /^terminated;reason=deactivated/);
    const closedDocument = parsePidf(lastNotify?.message.body ?? new Uint8Array());
    assert.ok(closedDocument.ok && closedDocument.document.state === 'offline', 'the final document says closed');

    // Bob comes back: a re-check (promptly, he was watched steadily) finds him.
    s.bob.up = true;
    s.bob.state = 'online';
    s.serve();
    await s.runSeconds(5);
    assert.equal(s.watcher.status, 'online');
    assert.deepEqual(
      s.statuses.map((entry) => entry.status),
      ['online', 'busy', 'away', 'offline', 'online'],
    );
    s.watcher.stop();
  });

  test('the connection closing is a lost device: offline at once, and looked up again', async () => {
    const s = scene();
    s.serve();
    s.watcher.start();
    await s.peers.run(50);
    assert.equal(s.watcher.status, 'online');
    s.closeConnection();
    assert.equal(s.watcher.status, 'offline');
    const lookupsBefore = s.lookups();
    await s.runSeconds(6);
    assert.ok(s.lookups() > lookupsBefore, 'looked up again');
    assert.equal(s.watcher.status, 'online', 'Bob was still there');
    s.watcher.stop();
  });

  test('a SUBSCRIBE refused with 403 is a lost device: offline, and re-checks back off (5, 10, 20 s)', async () => {
    const s = scene();
    s.peers.bob.setEventPackage('presence', { defaultExpires: 3600, onSubscribe: (subscription) => subscription.reject(403) });
    s.watcher.start();
    await s.peers.run(50);
    assert.equal(s.watcher.status, 'offline');
    await s.runSeconds(60);
    assert.equal(s.lookups(), 4, 'at 0, 5, 15 and 35 s');
    assert.ok(s.log.some((line) => /403/.test(line)), s.log.join('\n'));
    s.watcher.stop();
  });

  test('a device that answers with an unreadable document is still online, and the fault is logged', async () => {
    const s = scene();
    s.peers.bob.setEventPackage('presence', {
      defaultExpires: 3600,
      onSubscribe: (subscription) => subscription.accept({ content: { contentType: 'application/pidf+xml', body: '<!DOCTYPE x [<!ENTITY a "b">]><presence/>' } }),
    });
    s.watcher.start();
    await s.peers.run(50);
    assert.equal(s.watcher.status, 'online');
    assert.ok(s.log.some((line) => line.includes('PIDF_DTD_FORBIDDEN')), s.log.join('\n'));
    s.watcher.stop();
  });

  test('stopping the watcher unsubscribes: the notifier forgets the watcher', async () => {
    const s = scene();
    const notifier = s.serve();
    s.watcher.start();
    await s.peers.run(50);
    assert.equal(notifier.watcherCount, 1);
    s.watcher.stop();
    await s.peers.run(50);
    assert.equal(notifier.watcherCount, 0);
    assert.equal(wireCount(s.peers, 'SUBSCRIBE'), 2, 'the SUBSCRIBE and its Expires 0');
  });

  test('the notifier sends every change to every watcher, and 406 to one that takes no PIDF', async () => {
    const s = scene();
    const notifier = s.serve();
    const first = s.peers.alice.subscribe(s.peers.bobUri, { event: 'presence', accept: ['application/pidf+xml'] });
    const second = s.peers.alice.subscribe(s.peers.bobUri, { event: 'presence' });
    const bodies: string[] = [];
    for (const subscription of [first, second]) subscription.onNotified(({ content }) => bodies.push(contentText(content)));
    const refused = s.peers.alice.subscribe(s.peers.bobUri, { event: 'presence', accept: ['text/plain'] });
    let refusal: SubscriptionTerminated | undefined;
    refused.onTerminated((ended) => (refusal = ended));
    await s.peers.run(50);
    assert.equal(notifier.watcherCount, 2);
    assert.equal(refusal?.outcome?.status, 406);
    s.bob.state = 'busy';
    notifier.publish();
    await s.peers.run(20);
    const states = bodies.map((body) => {
      const parsed = parsePidf(body);
      return parsed.ok ? parsed.document.state : parsed.error.code;
    });
    assert.deepEqual(states, ['online', 'online', 'busy', 'busy']);
  });
});

describe('BuddyWatchers: one watcher per Parley contact, following the contact list', () => {
  const carol = addressOfRecord(Buffer.alloc(32, 0xc0));
  const dave = addressOfRecord(Buffer.alloc(32, 0xd0));

  function registry() {
    const clock = twoPeers().clock;
    const looked: string[] = [];
    const served: IncomingSubscription[] = [];
    const peers: PresencePeers = {
      findDevices: async (identity) => {
        looked.push(Buffer.from(identity).toString('hex').slice(0, 2));
        return [];
      },
      connect: async () => undefined,
      subscribe: () => assert.fail('nobody is online'),
      onConnectionClosed: () => () => undefined,
    };
    let wall = 1_000_000;
    const watchers = new BuddyWatchers({ peers, clock, now: () => wall, random: () => 0 });
    const changes: BuddyPresence[] = [];
    watchers.on('changed', (change) => changes.push(change));
    return { clock, watchers, changes, looked, served, tick: () => (wall += 1_000) };
  }

  test('Parley contacts are watched, plain SIP ones stay unknown, in the list’s order', async () => {
    const r = registry();
    r.watchers.sync([carol, 'sip:frank@192.0.2.7', dave]);
    await settle();
    assert.deepEqual(r.watchers.list(), [
      { uri: carol, status: 'offline', since: 1_000_000 },
      { uri: 'sip:frank@192.0.2.7', status: 'unknown', since: 1_000_000 },
      { uri: dave, status: 'offline', since: 1_000_000 },
    ]);
    assert.deepEqual(r.looked.sort(), ['c0', 'd0']);
    assert.deepEqual(
      r.changes.map((change) => [change.uri, change.status]),
      [
        [carol, 'offline'],
        [dave, 'offline'],
      ],
    );
    r.watchers.close();
  });

  test('two entries of one identity share a watcher; a removed contact is no longer looked up', async () => {
    const r = registry();
    const carolAgain = carol.replace('sip:', 'sips:');
    r.watchers.sync([carol, carolAgain]);
    await settle();
    assert.deepEqual(r.looked, ['c0'], 'one lookup for one identity');
    assert.deepEqual(
      r.changes.map((change) => change.uri),
      [carol, carolAgain],
      'both entries hear the change',
    );
    r.watchers.sync([dave]);
    r.looked.length = 0;
    r.clock.advance(60_000);
    await settle();
    assert.ok(!r.looked.includes('c0'), 'Carol is not watched any more');
    assert.ok(r.looked.includes('d0'));
    assert.deepEqual(
      r.watchers.list().map((entry) => entry.uri),
      [dave],
    );
    r.watchers.close();
    r.looked.length = 0;
    r.clock.advance(3_600_000);
    await settle();
    assert.deepEqual(r.looked, [], 'closed: no more lookups');
  });

  test('at most four lookups run at once, however long the list', async () => {
    const clock = twoPeers().clock;
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const peers: PresencePeers = {
      findDevices: () =>
        new Promise((resolve) => {
          running++;
          most = Math.max(most, running);
          release.push(() => {
            running--;
            resolve([]);
          });
        }),
      connect: async () => undefined,
      subscribe: () => assert.fail('nobody is online'),
      onConnectionClosed: () => () => undefined,
    };
    const watchers = new BuddyWatchers({ peers, clock });
    watchers.sync(Array.from({ length: 40 }, (_, index) => addressOfRecord(Buffer.alloc(32, index + 1))));
    let answered = 0;
    while (answered < 40) {
      await settle();
      const next = release.shift();
      assert.ok(next, `a lookup waits (${answered} answered)`);
      next();
      answered++;
    }
    await settle();
    assert.equal(most, 4);
    assert.ok(watchers.list().every((entry) => entry.status === 'offline'));
    watchers.close();
  });
});
