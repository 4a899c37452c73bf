import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import type { HostPort } from '../../../src/main/p2p/bootstrap-address.js';
import { encodeLanAnnouncement, signDeviceBinding } from '../../../src/main/p2p/lan-announcement.js';
import { LAN_MAX_PEERS, LAN_TIMING, LanDiscovery, type LanPeer } from '../../../src/main/p2p/lan-discovery.js';
import type { LanMedium } from '../../../src/main/p2p/lan-medium.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const EPOCH = Date.UTC(2025, 0, 1);

/** A LAN in memory: every medium on it hears every datagram, its own included (multicast loop). */
class InMemoryLan {
  readonly media = new Set<InMemoryMedium>();
  readonly sent: Array<{ from: string; datagram: Buffer }> = [];

  deliver(datagram: Buffer, from: HostPort): void {
    for (const medium of [...this.media]) medium.receive(datagram, from);
  }
}

class InMemoryMedium implements LanMedium {
  #receiver: (datagram: Buffer, from: HostPort) => void = () => undefined;
  closed = false;

  constructor(
    readonly lan: InMemoryLan,
    readonly host: string,
  ) {
    lan.media.add(this);
  }

  send(datagram: Buffer): Promise<void> {
    if (!this.closed) {
      this.lan.sent.push({ from: this.host, datagram });
      this.lan.deliver(datagram, { host: this.host, port: 49736 });
    }
    return Promise.resolve();
  }

  onDatagram(receiver: (datagram: Buffer, from: HostPort) => void): void {
    this.#receiver = receiver;
  }

  receive(datagram: Buffer, from: HostPort): void {
    this.#receiver(datagram, from);
  }

  /** The cable is pulled: nothing in or out, and no goodbye. */
  unplug(): void {
    this.lan.media.delete(this);
    this.closed = true;
  }

  close(): Promise<void> {
    this.unplug();
    return Promise.resolve();
  }
}

interface Device {
  identity: KeyPair;
  device: KeyPair;
  medium: InMemoryMedium;
  discovery: LanDiscovery;
  discovered: LanPeer[];
  lost: LanPeer[];
}

let seed = 1;
function deviceOn(lan: InMemoryLan, clock: FakeClock, host: string, options: { identity?: KeyPair; dhtPort?: number } = {}): Device {
  const identity = options.identity ?? keyPairFromSeed(Buffer.alloc(32, seed++));
  const device = keyPairFromSeed(Buffer.alloc(32, seed++));
  const medium = new InMemoryMedium(lan, host);
  const discovery = new LanDiscovery({
    medium,
    identityKey: identity.publicKey,
    deviceBinding: signDeviceBinding(identity, device.publicKey),
    device,
    dhtPort: () => options.dhtPort ?? 40_000,
    clock,
    wallClock: () => EPOCH + clock.now(),
  });
  const discovered: LanPeer[] = [];
  const lost: LanPeer[] = [];
  discovery.on('peerDiscovered', (peer) => discovered.push(peer));
  discovery.on('peerLost', (peer) => lost.push(peer));
  return { identity, device, medium, discovery, discovered, lost };
}

describe('LAN discovery', () => {
  test('a newcomer learns the devices already there at once, through its query', () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const bob = deviceOn(lan, clock, '192.168.1.20', { dhtPort: 49737 });
    bob.discovery.start();
    clock.advance(60_000);
    const alice = deviceOn(lan, clock, '192.168.1.10');
    alice.discovery.start();

    assert.equal(alice.discovered.length, 1, 'no waiting for the next scheduled announcement');
    const [peer] = alice.discovery.find(bob.identity.publicKey);
    assert.ok(peer);
    assert.deepEqual(peer.deviceKey, bob.device.publicKey);
    assert.deepEqual(peer.addresses, [{ host: '192.168.1.20', port: 49737 }]);
    assert.equal(bob.discovered.length, 1, 'and the others learn the newcomer from its first announcement');
    assert.deepEqual(bob.discovered[0]?.identityKey, alice.identity.publicKey);
    assert.deepEqual(alice.discovery.find(alice.identity.publicKey), [], 'a device does not list itself');
    assert.ok(alice.discovery.counters.own > 0);
  });

  test('announces at once, then after 1, 2 and 4 s, then every 15 s', () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const alice = deviceOn(lan, clock, '10.0.0.1');
    const times: number[] = [];
    const send = alice.medium.send.bind(alice.medium);
    alice.medium.send = (datagram) => {
      if (datagram[5] === 1) times.push(clock.now());
      return send(datagram);
    };
    alice.discovery.start();
    clock.advance(40_000);
    assert.deepEqual(times, [0, 1_000, 3_000, 7_000, 22_000, 37_000]);
  });

  test('does not announce until the DHT node has a port', () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    let port: number | null = null;
    const identity = keyPairFromSeed(Buffer.alloc(32, 200));
    const device = keyPairFromSeed(Buffer.alloc(32, 201));
    const medium = new InMemoryMedium(lan, '10.0.0.2');
    const discovery = new LanDiscovery({
      medium, identityKey: identity.publicKey, deviceBinding: signDeviceBinding(identity, device.publicKey), device, dhtPort: () => port, clock,
      wallClock: () => EPOCH + clock.now(),
    });
    discovery.start();
    assert.equal(lan.sent.filter((s) => s.datagram[5] === 1).length, 0);
    port = 50_000;
    clock.advance(1_000);
    assert.equal(lan.sent.filter((s) => s.datagram[5] === 1).length, 1);
  });

  test('loses a device whose announcements stop, once its TTL has run out', () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const alice = deviceOn(lan, clock, '10.0.0.1');
    const bob = deviceOn(lan, clock, '10.0.0.2');
    alice.discovery.start();
    bob.discovery.start();
    clock.advance(30_000); // bob last announced at 22 s
    bob.medium.unplug();
    clock.advance(22_000 + LAN_TIMING.ttlSeconds * 1000 - 30_000 - 1);
    assert.equal(alice.lost.length, 0);
    assert.equal(alice.discovery.find(bob.identity.publicKey).length, 1);
    clock.advance(1);
    assert.equal(alice.lost.length, 1);
    assert.deepEqual(alice.lost[0]?.deviceKey, bob.device.publicKey);
    assert.deepEqual(alice.discovery.find(bob.identity.publicKey), []);
    clock.advance(700_000); // past the replay window the forgotten record is kept for
    assert.equal(alice.lost.length, 1, 'lost once');
  });

  test('loses a device at once when it says goodbye', async () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const alice = deviceOn(lan, clock, '10.0.0.1');
    const bob = deviceOn(lan, clock, '10.0.0.2');
    alice.discovery.start();
    bob.discovery.start();
    await bob.discovery.close();
    assert.equal(alice.lost.length, 1);
    assert.deepEqual(alice.discovery.peers, []);
    assert.equal(bob.medium.closed, true, 'closing the discovery closes its medium');
    assert.equal(clock.pendingTimers > 0, true, 'alice still runs');
    await alice.discovery.close();
    assert.equal(clock.pendingTimers, 0, 'no timer outlives the discovery');
  });

  test('keeps every address a device is heard on, the most recent first, each with its own TTL', () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const alice = deviceOn(lan, clock, '10.0.0.1');
    alice.discovery.start();
    const bob = { identity: keyPairFromSeed(Buffer.alloc(32, 100)), device: keyPairFromSeed(Buffer.alloc(32, 101)) };
    const announce = (host: string, ttlSeconds = 50): void =>
      lan.deliver(
        encodeLanAnnouncement({
          identityKey: bob.identity.publicKey, deviceBinding: signDeviceBinding(bob.identity, bob.device.publicKey), device: bob.device,
          port: 49737, ttlSeconds, timestamp: EPOCH + clock.now(),
        }),
        { host, port: 49736 },
      );
    announce('192.168.1.20');
    clock.advance(10);
    announce('127.0.0.1');
    assert.deepEqual(alice.discovery.find(bob.identity.publicKey)[0]?.addresses.map((a) => a.host), ['127.0.0.1', '192.168.1.20']);
    clock.advance(30_000);
    announce('127.0.0.1');
    clock.advance(25_000); // the LAN address is 55 s old, past its TTL
    assert.deepEqual(alice.discovery.find(bob.identity.publicKey)[0]?.addresses.map((a) => a.host), ['127.0.0.1']);
    assert.equal(alice.lost.length, 0);
    assert.equal(alice.discovered.length, 1, 'one device, discovered once');
  });

  test('answers queries with an announcement, at most one a second', () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const bob = deviceOn(lan, clock, '10.0.0.2');
    bob.discovery.start();
    const before = lan.sent.filter((s) => s.from === '10.0.0.2' && s.datagram[5] === 1).length;
    const querier = deviceOn(lan, clock, '10.0.0.9');
    for (let i = 0; i < 5; i++) querier.discovery.query();
    const after = lan.sent.filter((s) => s.from === '10.0.0.2' && s.datagram[5] === 1).length;
    assert.equal(after - before, 1);
    assert.equal(bob.discovery.counters.queries, 5);
  });

  test('drops replayed, forged, stale, malformed and oversized datagrams with a count, and emits nothing', async () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const alice = deviceOn(lan, clock, '10.0.0.1');
    const bob = deviceOn(lan, clock, '10.0.0.2');
    alice.discovery.start();
    bob.discovery.start();
    const first = lan.sent.find((s) => s.from === '10.0.0.2' && s.datagram[5] === 1);
    assert.ok(first);
    clock.advance(10_000);
    await bob.discovery.close();
    assert.equal(alice.lost.length, 1);

    const forged = Buffer.from(first.datagram);
    forged[200] = (forged[200] ?? 0) ^ 1;
    const stale = encodeLanAnnouncement({
      identityKey: bob.identity.publicKey, deviceBinding: signDeviceBinding(bob.identity, bob.device.publicKey), device: bob.device,
      port: 1, ttlSeconds: 50, timestamp: EPOCH - 3_600_000,
    });
    const evil = { host: '10.0.0.66', port: 49736 };
    lan.deliver(first.datagram, evil); // an old announcement replayed after the goodbye
    lan.deliver(forged, evil);
    lan.deliver(stale, evil);
    lan.deliver(Buffer.from('garbage'), evil);
    lan.deliver(Buffer.alloc(9000), evil);

    assert.equal(alice.discovered.length, 1, 'nothing new discovered');
    assert.equal(alice.lost.length, 1);
    assert.deepEqual(alice.discovery.peers, []);
    const { replayed, forged: forgeries, stale: stales, malformed, oversized } = alice.discovery.counters;
    assert.deepEqual({ replayed, forgeries, stales, malformed, oversized }, { replayed: 1, forgeries: 1, stales: 1, malformed: 1, oversized: 1 });
  });

  test('lists at most LAN_MAX_PEERS devices, so a flood of made-up keys costs bounded memory', () => {
    const lan = new InMemoryLan();
    const clock = new FakeClock();
    const alice = deviceOn(lan, clock, '10.0.0.1');
    alice.discovery.start();
    for (let i = 0; i < LAN_MAX_PEERS + 3; i++) {
      const key = keyPairFromSeed(Buffer.from(Buffer.alloc(32, 7).fill(i % 256, 0, 1).fill(Math.floor(i / 256) + 1, 1, 2)));
      lan.deliver(
        encodeLanAnnouncement({ identityKey: key.publicKey, deviceBinding: signDeviceBinding(key, key.publicKey), device: key, port: 9, ttlSeconds: 50, timestamp: EPOCH }),
        { host: '10.0.0.66', port: 49736 },
      );
    }
    assert.equal(alice.discovery.peers.length, LAN_MAX_PEERS);
    assert.equal(alice.discovery.counters.full, 3);
  });
});
