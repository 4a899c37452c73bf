import HyperDHT from 'hyperdht';
import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import type { PeerCloseReason, PeerConnection, PeerConnectionClosed } from '../../../src/main/p2p/peer-connection.js';
import { PeerConnector, type PeerConnectorOptions } from '../../../src/main/p2p/peer-connector.js';
import { isPeerError } from '../../../src/main/p2p/peer-error.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { LocalTestnet } from '../../helpers/local-testnet.js';
import { within } from '../../helpers/within.js';

const STEP_MS = 10_000;

function deviceKeys(): KeyPair {
  return keyPairFromSeed(generateSeed());
}

/** Two key pairs, the one that decides (the lower key) first. */
function orderedDeviceKeys(): [KeyPair, KeyPair] {
  const a = deviceKeys();
  const b = deviceKeys();
  return Buffer.compare(a.publicKey, b.publicKey) < 0 ? [a, b] : [b, a];
}


function nextOpened(connector: PeerConnector): Promise<PeerConnection> {
  return within(STEP_MS, 'connectionOpened', new Promise((resolve) => {
    const off = connector.on('connectionOpened', (connection) => {
      off();
      resolve(connection);
    });
  }));
}

function nextClosed(connector: PeerConnector): Promise<PeerConnectionClosed> {
  return within(STEP_MS, 'connectionClosed', new Promise((resolve) => {
    const off = connector.on('connectionClosed', (closed) => {
      off();
      resolve(closed);
    });
  }));
}

/** Reads exactly `count` bytes from a SIP stream. */
function readBytes(stream: Duplex, count: number): Promise<Buffer> {
  return within(STEP_MS, `reading ${count} bytes`, new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
      if (length < count) return;
      stream.off('data', onData);
      resolve(Buffer.concat(chunks));
    };
    stream.on('data', onData);
  }));
}

function counting(connector: PeerConnector): { opened: PeerConnection[]; closed: PeerCloseReason[] } {
  const seen = { opened: [] as PeerConnection[], closed: [] as PeerCloseReason[] };
  connector.on('connectionOpened', (connection) => seen.opened.push(connection));
  connector.on('connectionClosed', ({ reason }) => seen.closed.push(reason));
  return seen;
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('peer connections over a local HyperDHT testnet', () => {
  let testnet: LocalTestnet;
  const connectors: PeerConnector[] = [];
  /** Nodes outside the testnet. */
  const lonely: HyperDHT[] = [];

  async function device(options: Partial<Omit<PeerConnectorOptions, 'dht'>> = {}, listen = true): Promise<PeerConnector> {
    const dht = await testnet.createNode();
    const connector = new PeerConnector({ dht, keyPair: options.keyPair ?? deviceKeys(), ...options });
    connectors.push(connector);
    if (listen) await connector.listen();
    return connector;
  }

  before(async () => {
    testnet = await LocalTestnet.start(10);
  });

  after(async () => {
    await Promise.allSettled(connectors.map((connector) => connector.close()));
    await Promise.allSettled(lonely.map((node) => node.destroy()));
    await testnet.close();
  });

  test('two devices connect; SIP bytes flow both ways and each end knows the other’s device key', async () => {
    const alice = await device();
    const bob = await device();
    const incoming = nextOpened(bob);
    const atAlice = await within(STEP_MS, 'connect', alice.connect(bob.publicKey));
    const atBob = await incoming;

    assert.ok(atAlice.remoteDeviceKey.equals(bob.publicKey));
    assert.ok(atBob.remoteDeviceKey.equals(alice.publicKey));
    assert.equal(atAlice.remoteDeviceKeyHex, bob.publicKey.toString('hex'));
    assert.equal(atAlice.direction, 'outgoing');
    assert.equal(atBob.direction, 'incoming');
    assert.notEqual(atAlice.decides, atBob.decides, 'exactly one end decides');

    const invite = Buffer.from('INVITE sip:bob@parley.invalid SIP/2.0\r\nContent-Length: 0\r\n\r\n');
    const ok = Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n');
    const reachesBob = readBytes(atBob.sipStream, invite.length);
    atAlice.sipStream.write(invite);
    assert.deepEqual(await reachesBob, invite);
    const reachesAlice = readBytes(atAlice.sipStream, ok.length);
    atBob.sipStream.write(ok);
    assert.deepEqual(await reachesAlice, ok);

    // A SIP message larger than one secret-stream message arrives whole and in order.
    const big = Buffer.alloc(200_000, 0x61);
    const reachesBobBig = readBytes(atBob.sipStream, big.length);
    atAlice.sipStream.write(big);
    assert.deepEqual(await reachesBobBig, big);
  });

  test('a second connect, while the first is opening or after it opened, shares the one connection', async () => {
    const alice = await device();
    const bob = await device();
    const seenByBob = counting(bob);
    const [first, second] = await within(STEP_MS, 'connects', Promise.all([alice.connect(bob.publicKey), alice.connect(bob.publicKey)]));
    assert.equal(first, second);
    assert.equal(await alice.connect(bob.publicKey), first);
    assert.equal(alice.connectionTo(bob.publicKey), first);
    assert.equal(alice.connections.length, 1);
    await settle(100);
    assert.equal(seenByBob.opened.length, 1);
  });

  test('devices that dial each other at once end with one shared connection on both ends', async () => {
    for (let round = 0; round < 6; round++) {
      const alice = await device();
      const bob = await device();
      const seenByAlice = counting(alice);
      const seenByBob = counting(bob);
      // Each side writes the moment its connect resolves: nothing may be lost to the stream that loses.
      const fromAlice = Buffer.from(`OPTIONS from alice, round ${round}`);
      const fromBob = Buffer.from(`OPTIONS from bob, round ${round}`);
      const [atAlice, atBob] = await within(STEP_MS, 'simultaneous connects', Promise.all([
        alice.connect(bob.publicKey).then((connection) => {
          connection.sipStream.write(fromAlice);
          return connection;
        }),
        bob.connect(alice.publicKey).then((connection) => {
          connection.sipStream.write(fromBob);
          return connection;
        }),
      ]));
      assert.deepEqual(await readBytes(atBob.sipStream, fromAlice.length), fromAlice);
      assert.deepEqual(await readBytes(atAlice.sipStream, fromBob.length), fromBob);
      await settle(150); // let the losing stream's verdict and close go by

      assert.equal(alice.connections.length, 1, `round ${round}`);
      assert.equal(bob.connections.length, 1, `round ${round}`);
      assert.equal(alice.connectionTo(bob.publicKey), atAlice);
      assert.equal(bob.connectionTo(alice.publicKey), atBob);
      assert.ok(atAlice.isOpen && atBob.isOpen);
      assert.deepEqual([seenByAlice.opened.length, seenByBob.opened.length, seenByAlice.closed.length, seenByBob.closed.length], [1, 1, 0, 0]);
      assert.equal(atAlice.direction === 'outgoing', atBob.direction === 'incoming', 'the same stream underneath');
    }
  });

  test('the buddies-only firewall refuses a stranger, who never gets a connection, and admits a buddy', async () => {
    const buddyKeys = deviceKeys();
    const bob = await device({ admitPeer: (key) => key.equals(buddyKeys.publicKey), connectTimeoutMs: 30_000 });
    const stranger = await device({ connectTimeoutMs: 30_000 }, false);
    const buddy = await device({ keyPair: buddyKeys }, false);
    const seenByBob = counting(bob);

    await assert.rejects(within(20_000, 'refused connect', stranger.connect(bob.publicKey)), (error) => isPeerError(error, 'PEER_UNREACHABLE'));
    assert.equal(seenByBob.opened.length, 0);
    assert.equal(bob.connections.length, 0);
    assert.equal(stranger.connections.length, 0);

    // Each end opens when it has the verdict: the deciding end first, the other a moment later.
    const atBob = nextOpened(bob);
    const atBuddy = await within(STEP_MS, 'buddy connect', buddy.connect(bob.publicKey));
    assert.ok(atBuddy.isOpen);
    assert.ok((await atBob).remoteDeviceKey.equals(buddyKeys.publicKey));
    assert.equal(seenByBob.opened.length, 1);
  });

  test('a device that stops being a buddy is cut off by enforceFirewall', async () => {
    let buddies = true;
    const bob = await device({ admitPeer: () => buddies });
    const alice = await device({}, false);
    const atBob = nextOpened(bob);
    const atAlice = await within(STEP_MS, 'connect', alice.connect(bob.publicKey));
    await atBob;
    const bobCloses = nextClosed(bob);
    const aliceCloses = nextClosed(alice);
    buddies = false;
    bob.enforceFirewall();
    assert.equal((await bobCloses).reason, 'refused');
    assert.equal((await aliceCloses).reason, 'closed-by-peer');
    assert.equal(atAlice.isOpen, false);
  });

  test('closing one end emits connectionClosed on the other, and the next connect makes a new connection', async () => {
    const alice = await device();
    const bob = await device();
    const atAlice = await within(STEP_MS, 'connect', alice.connect(bob.publicKey));
    const aliceCloses = nextClosed(alice);
    const bobCloses = nextClosed(bob);
    atAlice.close();
    const atAliceClosed = await aliceCloses;
    const atBobClosed = await bobCloses;
    assert.equal(atAliceClosed.reason, 'closed');
    assert.equal(atBobClosed.reason, 'closed-by-peer');
    assert.equal(alice.connections.length, 0);
    assert.equal(bob.connections.length, 0);

    const again = await within(STEP_MS, 'reconnect', bob.connect(alice.publicKey));
    assert.notEqual(again, atBobClosed.connection);
    assert.ok(again.isOpen);
  });

  test('SIP bytes written just before a graceful close still arrive', async () => {
    const alice = await device();
    const bob = await device();
    const incoming = nextOpened(bob);
    const atAlice = await within(STEP_MS, 'connect', alice.connect(bob.publicKey));
    const atBob = await incoming;
    const bye = Buffer.from('BYE sip:bob@parley.invalid SIP/2.0\r\nContent-Length: 0\r\n\r\n');
    const reaches = readBytes(atBob.sipStream, bye.length);
    atAlice.sipStream.end(bye); // the SIP layer ending its stream closes the connection
    assert.deepEqual(await reaches, bye);
    assert.equal((await nextClosed(bob)).reason, 'closed-by-peer');
  });

  test('a device that restarted gets through: the stale connection is replaced, whichever end decides', async () => {
    for (const restartedDecides of [true, false]) {
      const [lower, higher] = orderedDeviceKeys();
      const restartedKeys = restartedDecides ? lower : higher;
      const peer = await device({ keyPair: restartedDecides ? higher : lower, staleProbeTimeoutMs: 500 });
      const before = await device({ keyPair: restartedKeys });
      const stale = await within(STEP_MS, 'first connect', before.connect(peer.publicKey));
      assert.ok(stale.isOpen);
      // The old process hangs: it stops reading, so it answers no ping.
      stale.sipStream.pause();
      const flood = Buffer.alloc(256 * 1024, 0x20);
      peer.connectionTo(restartedKeys.publicKey)?.sipStream.write(flood);
      await settle(100);

      const peerCloses = nextClosed(peer);
      const after = await device({ keyPair: restartedKeys }, false);
      const fresh = await within(STEP_MS, 'connect after the restart', after.connect(peer.publicKey));
      const closed = await peerCloses;
      assert.equal(closed.reason, 'replaced', `restarted device decides: ${restartedDecides}`);
      assert.ok(fresh.isOpen);
      assert.equal(peer.connections.length, 1);
      assert.ok(peer.connectionTo(restartedKeys.publicKey)?.isOpen);
      const hello = Buffer.from('OPTIONS after restart');
      const atPeer = peer.connectionTo(restartedKeys.publicKey);
      assert.ok(atPeer);
      const reaches = readBytes(atPeer.sipStream, hello.length);
      fresh.sipStream.write(hello);
      assert.deepEqual(await reaches, hello);
    }
  });

  test('relayAddresses reach a device whose key no DHT can look up (a LAN peer, no bootstrap)', async () => {
    const [bobNode, aliceNode] = [0, 1].map(() => new HyperDHT({ bootstrap: [], host: '127.0.0.1', port: [0, 0] }));
    assert.ok(bobNode && aliceNode);
    lonely.push(bobNode, aliceNode);
    const bob = new PeerConnector({ dht: bobNode, keyPair: deviceKeys() });
    const alice = new PeerConnector({ dht: aliceNode, keyPair: deviceKeys(), connectTimeoutMs: 20_000 });
    connectors.push(bob, alice);
    await bob.listen();
    const { host, port } = bobNode.address();
    const atAlice = await within(STEP_MS, 'connect by address', alice.connect(bob.publicKey, { relayAddresses: [{ host, port }] }));
    assert.ok(atAlice.remoteDeviceKey.equals(bob.publicKey));
  });

  test('connect failures are coded: an unknown device is PEER_UNREACHABLE, a bad key PEER_BAD_KEY', async () => {
    const alice = await device({}, false);
    await assert.rejects(within(20_000, 'connect', alice.connect(deviceKeys().publicKey)), (error) => isPeerError(error, 'PEER_UNREACHABLE'));
    await assert.rejects(alice.connect(Buffer.alloc(31)), (error) => isPeerError(error, 'PEER_BAD_KEY'));
    await assert.rejects(alice.connect(alice.publicKey), (error) => isPeerError(error, 'PEER_BAD_KEY'));
  });

  test('a connection idle for the idle time closes, unless a datagram channel is open or SIP bytes flow', async () => {
    const clock = new FakeClock();
    const alice = await device({ clock, idleTimeoutMs: 1_000 });
    const bob = await device();
    const incoming = nextOpened(bob);
    const atAlice = await within(STEP_MS, 'connect', alice.connect(bob.publicKey));
    const atBob = await incoming;

    clock.advance(999);
    assert.ok(atAlice.isOpen);
    const channel = atAlice.openDatagramChannel(7);
    clock.advance(5_000);
    assert.ok(atAlice.isOpen, 'an open channel pins the connection');
    channel.close();
    clock.advance(900);
    const reaches = readBytes(atBob.sipStream, 7);
    atAlice.sipStream.write('OPTIONS');
    await reaches;
    clock.advance(900);
    assert.ok(atAlice.isOpen, 'SIP bytes count as activity');

    const bobCloses = nextClosed(bob);
    const aliceCloses = nextClosed(alice);
    clock.advance(100);
    assert.equal((await aliceCloses).reason, 'idle');
    assert.equal((await bobCloses).reason, 'closed-by-peer');
    // The graceful close lingers until the peer has ended its side too; then no timer is left.
    for (let waited = 0; clock.pendingTimers > 0 && waited < 2_000; waited += 20) await settle(20);
    assert.equal(clock.pendingTimers, 0, 'no timer outlives the connection');
  });

  test('closing the connector closes its connections and refuses new connects', async () => {
    const alice = await device();
    const bob = await device();
    await within(STEP_MS, 'connect', alice.connect(bob.publicKey));
    const bobCloses = nextClosed(bob);
    const aliceCloses = nextClosed(alice);
    await alice.close();
    assert.equal((await aliceCloses).reason, 'connector-closed');
    assert.equal((await bobCloses).reason, 'closed-by-peer');
    await assert.rejects(alice.connect(bob.publicKey), (error) => isPeerError(error, 'PEER_CONNECTOR_CLOSED'));
  });
});
