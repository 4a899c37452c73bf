import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { TypedEmitter } from '../typed-emitter.js';
import type { HostPort } from './bootstrap-address.js';
import {
  LAN_MAX_CLOCK_SKEW_MS,
  decodeLanMessage,
  encodeLanAnnouncement,
  encodeLanQuery,
  type LanAnnouncement,
  type LanDropReason,
} from './lan-announcement.js';
import type { LanMedium } from './lan-medium.js';

export interface LanTiming {
  /** Delays between the first announcements (RFC 6762 §8.3: at least two, 1 s apart, then doubling). */
  readonly startupDelaysMs: readonly number[];
  readonly steadyIntervalMs: number;
  /** How long receivers keep us listed after an announcement: three missed ones and some slack. */
  readonly ttlSeconds: number;
  /** At most one extra announcement per this interval, however many queries arrive. */
  readonly queryAnswerMinIntervalMs: number;
}

export const LAN_TIMING: LanTiming = {
  startupDelaysMs: [1_000, 2_000, 4_000],
  steadyIntervalMs: 15_000,
  ttlSeconds: 50,
  queryAnswerMinIntervalMs: 1_000,
};

/** A LAN with more Parley devices than this is unusual; the cap bounds what a flood of fake keys can cost. */
export const LAN_MAX_PEERS = 256;

/** A device heard on the LAN, with a proven identity binding (see lan-announcement.ts). */
export interface LanPeer {
  readonly identityKey: Buffer;
  readonly deviceKey: Buffer;
  /** Where the device's DHT node takes handshakes, the most recently heard first. */
  readonly addresses: readonly HostPort[];
  /** Clock time it was last heard. */
  readonly lastHeard: number;
}

/** Every datagram counted once by what became of it; bad input is counted, never thrown. */
export type LanDiscoveryCounters = Record<'received' | 'accepted' | 'queries' | 'own' | 'replayed' | 'full' | LanDropReason, number>;

export interface LanDiscoveryOptions {
  medium: LanMedium;
  identityKey: Uint8Array;
  /** `signDeviceBinding(identity, device.publicKey)`: proves the device belongs to the identity. */
  deviceBinding: Uint8Array;
  device: KeyPair;
  /** This device's DHT node port (where its HyperDHT server takes handshakes); null while unbound. */
  dhtPort: () => number | null;
  clock?: Clock;
  /** Milliseconds since the epoch, for announcement timestamps. */
  wallClock?: () => number;
  timing?: Partial<LanTiming>;
}

type LanDiscoveryEvents = { peerDiscovered: LanPeer; peerLost: LanPeer };

interface HeardAddress {
  address: HostPort;
  heard: number;
  expires: number;
}

interface PeerRecord {
  readonly identityKey: Buffer;
  readonly deviceKey: Buffer;
  readonly addresses: Map<string, HeardAddress>;
  /** Newest timestamp accepted; older announcements are replays. Kept a while after loss for that check. */
  lastTimestamp: number;
  timer: TimerHandle | null;
}

/**
 * Finds Parley devices on the same network with no DHT and no internet: each device multicasts a
 * signed announcement (lan-announcement.ts) now and then, everyone listens, and a newcomer's
 * query makes the others announce at once. A device heard is `peerDiscovered`; one whose
 * announcements stop (TTL), or that says goodbye, is `peerLost`.
 *
 * What an announcement carries is enough to connect: the device key and the port of its DHT
 * node, reached at the datagram's source address. lan-connect.ts opens the connection.
 */
export class LanDiscovery extends TypedEmitter<LanDiscoveryEvents> {
  readonly counters: LanDiscoveryCounters = {
    received: 0, accepted: 0, queries: 0, own: 0, replayed: 0, full: 0, oversized: 0, malformed: 0, stale: 0, forged: 0,
  };
  readonly #medium: LanMedium;
  readonly #identityKey: Buffer;
  readonly #deviceBinding: Buffer;
  readonly #device: KeyPair;
  readonly #dhtPort: () => number | null;
  readonly #clock: Clock;
  readonly #wallClock: () => number;
  readonly #timing: LanTiming;
  readonly #records = new Map<string, PeerRecord>();
  #scheduleTimer: TimerHandle | null = null;
  #lastQueryAnswer = Number.NEGATIVE_INFINITY;
  #state: 'idle' | 'started' | 'closed' = 'idle';

  constructor(options: LanDiscoveryOptions) {
    super();
    this.#medium = options.medium;
    this.#identityKey = Buffer.from(options.identityKey);
    this.#deviceBinding = Buffer.from(options.deviceBinding);
    this.#device = options.device;
    this.#dhtPort = options.dhtPort;
    this.#clock = options.clock ?? systemClock;
    this.#wallClock = options.wallClock ?? Date.now;
    this.#timing = { ...LAN_TIMING, ...options.timing };
    this.#medium.onDatagram((datagram, from) => this.#onDatagram(datagram, from));
  }

  /** Announces this device and asks the others to announce, then keeps announcing on schedule. */
  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'started';
    void this.announce();
    this.query();
    this.#scheduleNext(0);
  }

  /** Announces now, outside the schedule (say, once the DHT node has its port). */
  announce(): Promise<void> {
    return this.#announce(this.#timing.ttlSeconds);
  }

  async #announce(ttlSeconds: number): Promise<void> {
    const port = this.#dhtPort();
    if (port === null || !(port >= 1 && port <= 0xffff) || this.#state === 'closed') return;
    await this.#medium.send(
      encodeLanAnnouncement({
        identityKey: this.#identityKey,
        deviceBinding: this.#deviceBinding,
        device: this.#device,
        port,
        ttlSeconds,
        timestamp: Math.floor(this.#wallClock()),
      }),
    );
  }

  /** Asks every device on the LAN to announce itself now. */
  query(): void {
    if (this.#state === 'closed') return;
    void this.#medium.send(encodeLanQuery(this.#device.publicKey));
  }

  /** Devices of this identity heard on the LAN and not yet expired, the most recently heard first. */
  find(identityKey: Uint8Array): LanPeer[] {
    const wanted = Buffer.from(identityKey);
    return this.peers.filter((peer) => peer.identityKey.equals(wanted));
  }

  get peers(): LanPeer[] {
    const now = this.#clock.now();
    const peers: LanPeer[] = [];
    for (const record of this.#records.values()) {
      const peer = snapshot(record, now);
      if (peer) peers.push(peer);
    }
    return peers.sort((a, b) => b.lastHeard - a.lastHeard);
  }

  /** Says goodbye (TTL 0) so the others drop this device at once, then closes the medium. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasStarted = this.#state === 'started';
    if (wasStarted) await this.#announce(0); // goodbye
    this.#state = 'closed';
    this.#scheduleTimer?.cancel();
    for (const record of this.#records.values()) record.timer?.cancel();
    this.#records.clear();
    this.removeAllListeners();
    await this.#medium.close();
  }

  #scheduleNext(step: number): void {
    const delay = this.#timing.startupDelaysMs[step] ?? this.#timing.steadyIntervalMs;
    this.#scheduleTimer = this.#clock.setTimer(delay, () => {
      void this.announce();
      this.#scheduleNext(step + 1);
    });
  }

  #onDatagram(datagram: Buffer, from: HostPort): void {
    if (this.#state === 'closed') return;
    this.counters.received++;
    const decoded = decodeLanMessage(datagram, this.#wallClock());
    if (!decoded.ok) {
      this.counters[decoded.reason]++;
      return;
    }
    const message = decoded.message;
    if (message.deviceKey.equals(this.#device.publicKey)) {
      this.counters.own++;
      return;
    }
    if (message.type === 'query') {
      this.counters.queries++;
      this.#answerQuery();
      return;
    }
    this.#onAnnouncement(message, from);
  }

  #answerQuery(): void {
    const now = this.#clock.now();
    if (this.#state !== 'started' || now - this.#lastQueryAnswer < this.#timing.queryAnswerMinIntervalMs) return;
    this.#lastQueryAnswer = now;
    void this.announce();
  }

  #onAnnouncement(announcement: LanAnnouncement, from: HostPort): void {
    const key = `${announcement.identityKey.toString('hex')}:${announcement.deviceKey.toString('hex')}`;
    let record = this.#records.get(key);
    if (record && announcement.timestamp < record.lastTimestamp) {
      this.counters.replayed++;
      return;
    }
    if (!record) {
      if (this.#records.size >= LAN_MAX_PEERS) {
        this.counters.full++;
        return;
      }
      record = { identityKey: announcement.identityKey, deviceKey: announcement.deviceKey, addresses: new Map(), lastTimestamp: 0, timer: null };
      this.#records.set(key, record);
    }
    this.counters.accepted++;
    record.lastTimestamp = announcement.timestamp;
    const now = this.#clock.now();
    const wasLive = snapshot(record, now);
    if (announcement.ttlSeconds === 0) {
      record.addresses.clear();
    } else {
      const address = { host: from.host, port: announcement.port };
      record.addresses.set(`${address.host}:${address.port}`, { address, heard: now, expires: now + announcement.ttlSeconds * 1000 });
    }
    this.#expireLater(key, record);
    const isLive = snapshot(record, now);
    if (!wasLive && isLive) this.emit('peerDiscovered', isLive);
    if (wasLive && !isLive) this.emit('peerLost', wasLive);
  }

  /**
   * One timer per device, at its earliest expiry: an address whose TTL ran out is dropped; when
   * none is left the device is lost, and its record is kept one replay window longer so an old
   * announcement replayed by someone else cannot bring it back.
   */
  #expireLater(key: string, record: PeerRecord): void {
    record.timer?.cancel();
    const now = this.#clock.now();
    const due = record.addresses.size > 0 ? Math.min(...[...record.addresses.values()].map((a) => a.expires)) : now + 2 * LAN_MAX_CLOCK_SKEW_MS;
    record.timer = this.#clock.setTimer(Math.max(0, due - now), () => {
      record.timer = null;
      const at = this.#clock.now();
      if (record.addresses.size === 0) {
        this.#records.delete(key);
        return;
      }
      const before = snapshot(record, at - 1);
      for (const [id, heard] of record.addresses) if (heard.expires <= at) record.addresses.delete(id);
      this.#expireLater(key, record);
      if (before && record.addresses.size === 0) this.emit('peerLost', before);
    });
  }
}

function snapshot(record: PeerRecord, now: number): LanPeer | null {
  const live = [...record.addresses.values()].filter((a) => a.expires > now).sort((a, b) => b.heard - a.heard);
  const newest = live[0];
  if (!newest) return null;
  return {
    identityKey: record.identityKey,
    deviceKey: record.deviceKey,
    addresses: live.map((a) => ({ ...a.address })),
    lastHeard: newest.heard,
  };
}
