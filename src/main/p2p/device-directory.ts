import type HyperDHT from 'hyperdht';
import type { HostPort } from 'hyperdht';
import type { Clock } from '../clock.js';
import { deviceTopic } from './device-topic.js';
import type { DeviceList } from './device-list-record.js';
import { DeviceListStore, type DeviceListReadErrorCode } from './device-list-store.js';

/** The part of HyperDHT the directory uses; a test may pass a fake. */
export type DeviceDirectoryDht = Pick<HyperDHT, 'lookup' | 'mutableGet' | 'mutablePut'>;

/** An online device the identity's signed list names: what `connect(publicKey, { relayAddresses })` needs. */
export interface FoundDevice {
  readonly publicKey: Buffer;
  readonly name: string;
  readonly addedAt: number;
  /** DHT nodes that relay connects to it (from its announcement). */
  readonly relayAddresses: readonly HostPort[];
}

export interface DeviceLookupStats {
  /** Clock time from the start of the lookup to its end (both DHT queries). */
  readonly elapsedMs: number;
  /** Clock time to the first announcement seen, null when none was. */
  readonly firstAnnouncementMs: number | null;
  /** DHT nodes that answered with announcements. dht-rpc does not report hop counts. */
  readonly repliesWithPeers: number;
  /** Distinct keys announced on the topic. */
  readonly announced: number;
  /** Announced keys the device list does not name (forged or removed devices), dropped. */
  readonly dropped: number;
  /** True when the answer came from the cache. */
  readonly cached: boolean;
}

export type DeviceLookupErrorCode = DeviceListReadErrorCode | 'DEVICE_LOOKUP_FAILED';

export type DeviceLookup =
  | { readonly ok: true; readonly list: DeviceList; readonly devices: readonly FoundDevice[]; readonly stats: DeviceLookupStats }
  | { readonly ok: false; readonly error: { readonly code: DeviceLookupErrorCode; readonly reason: string } };

export interface DeviceDirectoryOptions {
  dht: DeviceDirectoryDht;
  clock: Clock;
  /** How long a successful lookup is reused. */
  cacheTtlMs?: number;
  maxCacheEntries?: number;
}

/**
 * Calls to one address come in bursts (INVITE, then a re-INVITE or a presence SUBSCRIBE), and a
 * device that came online waits at most this long to be found; a failed call can `forget()` first.
 */
export const DEVICE_LOOKUP_CACHE_TTL_MS = 30_000;

/**
 * Told of each device key as soon as it is heard announced, before the lookup ends and before
 * the signed list confirms it: a caller may start connecting meanwhile (and must still wait for
 * the list before it trusts the device).
 */
export type AnnouncedListener = (deviceKey: Buffer, relayAddresses: HostPort[]) => void;
const DEFAULT_MAX_CACHE_ENTRIES = 128;

/**
 * Lookup before INVITE: the devices of an identity that are online now. A device counts only
 * if it is announced on the identity's topic (HyperDHT checked that it holds its key) *and* the
 * identity's signed device list names it; anything else announced there is dropped.
 */
export class DeviceDirectory {
  readonly #dht: DeviceDirectoryDht;
  readonly #store: DeviceListStore;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #cache = new Map<string, { expires: number; result: DeviceLookup & { ok: true } }>();
  readonly #inFlight = new Map<string, Promise<DeviceLookup>>();

  constructor(options: DeviceDirectoryOptions) {
    this.#dht = options.dht;
    this.#store = new DeviceListStore(options.dht);
    this.#clock = options.clock;
    this.#ttlMs = options.cacheTtlMs ?? DEVICE_LOOKUP_CACHE_TTL_MS;
    this.#maxEntries = options.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES;
  }

  /** The identity's online, listed devices; `fresh` skips the cache. */
  lookup(identity: Uint8Array, options: { fresh?: boolean; onAnnounced?: AnnouncedListener } = {}): Promise<DeviceLookup> {
    const key = Buffer.from(identity).toString('hex');
    if (!options.fresh) {
      const hit = this.#cache.get(key);
      if (hit && hit.expires > this.#clock.now()) return Promise.resolve({ ...hit.result, stats: { ...hit.result.stats, cached: true } });
      const pending = this.#inFlight.get(key);
      if (pending) return pending;
    }
    const lookup = this.#lookup(identity, options.onAnnounced).finally(() => {
      if (this.#inFlight.get(key) === lookup) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, lookup);
    return lookup;
  }

  /** Drops the cached answer for an identity (its devices did not answer). */
  forget(identity: Uint8Array): void {
    this.#cache.delete(Buffer.from(identity).toString('hex'));
  }

  async #lookup(identity: Uint8Array, onAnnounced: AnnouncedListener | undefined): Promise<DeviceLookup> {
    const started = this.#clock.now();
    const [read, announced] = await Promise.all([this.#store.read(identity), this.#announced(deviceTopic(identity), started, onAnnounced)]);
    if (!read.ok) return { ok: false, error: { code: read.error.code, reason: read.error.reason } };
    if (!announced.ok) return announced;
    const devices: FoundDevice[] = [];
    for (const entry of read.list.devices) {
      const peer = announced.peers.get(entry.publicKey.toString('hex'));
      if (peer) devices.push({ publicKey: entry.publicKey, name: entry.name, addedAt: entry.addedAt, relayAddresses: peer.relayAddresses });
    }
    const result = {
      ok: true as const,
      list: read.list,
      devices,
      stats: {
        elapsedMs: this.#clock.now() - started,
        firstAnnouncementMs: announced.firstAt === null ? null : announced.firstAt - started,
        repliesWithPeers: announced.replies,
        announced: announced.peers.size,
        dropped: announced.peers.size - devices.length,
        cached: false,
      },
    };
    this.#remember(Buffer.from(identity).toString('hex'), result);
    return result;
  }

  async #announced(
    topic: Buffer,
    started: number,
    onAnnounced: AnnouncedListener | undefined,
  ): Promise<
    | { ok: true; peers: Map<string, { relayAddresses: HostPort[] }>; replies: number; firstAt: number | null }
    | { ok: false; error: { code: 'DEVICE_LOOKUP_FAILED'; reason: string } }
  > {
    const peers = new Map<string, { relayAddresses: HostPort[] }>();
    let replies = 0;
    let firstAt: number | null = null;
    try {
      for await (const reply of this.#dht.lookup(topic)) {
        if (reply.peers.length === 0) continue;
        replies++;
        firstAt ??= this.#clock.now();
        for (const peer of reply.peers) {
          const key = peer.publicKey.toString('hex');
          const known = peers.get(key);
          if (!known || known.relayAddresses.length < peer.relayAddresses.length) peers.set(key, { relayAddresses: peer.relayAddresses });
          if (!known) onAnnounced?.(peer.publicKey, peer.relayAddresses);
        }
      }
    } catch (error) {
      return { ok: false, error: { code: 'DEVICE_LOOKUP_FAILED', reason: `the DHT lookup failed after ${this.#clock.now() - started} ms: ${(error as Error).message}` } };
    }
    return { ok: true, peers, replies, firstAt };
  }

  #remember(key: string, result: DeviceLookup & { ok: true }): void {
    this.#cache.delete(key);
    this.#cache.set(key, { expires: this.#clock.now() + this.#ttlMs, result });
    while (this.#cache.size > this.#maxEntries) {
      const oldest = this.#cache.keys().next();
      if (oldest.done) break;
      this.#cache.delete(oldest.value);
    }
  }
}
