/**
 * One watcher per buddy of the contact list: `sync` with the list as it is now starts watchers
 * for new Parley addresses and stops those of removed ones. Contacts that are not Parley
 * addresses (plain `sip:user@host`) have no presence here and stay `unknown`. Two entries for
 * one identity share a watcher. Lookups go through a small gate so that a long list starting
 * up (or coming back from an outage) does not fire hundreds of DHT queries at once.
 */
import type { Clock } from '../clock.js';
import { identityKeyOf } from '../identity/address-of-record.js';
import { TypedEmitter } from '../typed-emitter.js';
import type { BuddyWatchTimings } from './buddy-watch.js';
import type { BuddyStatus } from './presence-state.js';
import { PresenceWatcher, type PeerDevice, type PresencePeers } from './presence-watcher.js';

/** Lookups under way at once across all buddies. */
export const MAX_CONCURRENT_LOOKUPS = 4;

export interface BuddyPresence {
  readonly uri: string;
  readonly status: BuddyStatus;
  /** Wall-clock milliseconds when `status` last changed (or the buddy was added). */
  readonly since: number;
}

export interface BuddyWatchersOptions {
  readonly peers: PresencePeers;
  readonly clock: Clock;
  /** Wall-clock time for `since`; Date.now by default. */
  readonly now?: () => number;
  readonly random?: () => number;
  readonly timings?: BuddyWatchTimings;
  readonly log?: (line: string) => void;
}

interface Watched {
  readonly watcher: PresenceWatcher;
  since: number;
}

export class BuddyWatchers extends TypedEmitter<{ changed: BuddyPresence }> {
  readonly #options: BuddyWatchersOptions;
  readonly #now: () => number;
  readonly #peers: PresencePeers;
  /** By identity (hex). */
  readonly #watched = new Map<string, Watched>();
  /** The contact list's URIs in its order, with the identity each names (undefined: not a Parley address). */
  #uris: Array<{ readonly uri: string; readonly identity: string | undefined }> = [];
  #unknownSince = new Map<string, number>();
  #closed = false;

  constructor(options: BuddyWatchersOptions) {
    super();
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#peers = gated(options.peers, MAX_CONCURRENT_LOOKUPS);
  }

  /** Follows the contact list: `uris` is the whole list, in its order. */
  sync(uris: readonly string[]): void {
    if (this.#closed) return;
    const next = uris.map((uri) => {
      const key = identityKeyOf(uri);
      return { uri, identity: key ? Buffer.from(key).toString('hex') : undefined };
    });
    const wanted = new Set(next.flatMap((entry) => (entry.identity ? [entry.identity] : [])));
    for (const [identity, watched] of this.#watched) {
      if (!wanted.has(identity)) {
        watched.watcher.stop();
        this.#watched.delete(identity);
      }
    }
    this.#uris = next;
    const now = this.#now();
    this.#unknownSince = new Map(next.filter((entry) => !entry.identity).map((entry) => [entry.uri, this.#unknownSince.get(entry.uri) ?? now]));
    for (const entry of next) {
      if (entry.identity && !this.#watched.has(entry.identity)) this.#watch(entry.uri, entry.identity);
    }
  }

  /** Every contact's presence, in the contact list's order. */
  list(): BuddyPresence[] {
    return this.#uris.map(({ uri, identity }) => {
      const watched = identity ? this.#watched.get(identity) : undefined;
      return watched ? { uri, status: watched.watcher.status, since: watched.since } : { uri, status: 'unknown', since: this.#unknownSince.get(uri) ?? 0 };
    });
  }

  /** A device of `identity` just subscribed to us: if it is a buddy we miss, look again soon. */
  hint(identity: Uint8Array): void {
    this.#watched.get(Buffer.from(identity).toString('hex'))?.watcher.hint();
  }

  close(): void {
    this.#closed = true;
    for (const watched of this.#watched.values()) watched.watcher.stop();
    this.#watched.clear();
  }

  #watch(uri: string, identity: string): void {
    const watched: Watched = {
      since: this.#now(),
      watcher: new PresenceWatcher({
        uri,
        identity: Buffer.from(identity, 'hex'),
        peers: this.#peers,
        clock: this.#options.clock,
        ...(this.#options.random ? { random: this.#options.random } : {}),
        ...(this.#options.timings ? { timings: this.#options.timings } : {}),
        ...(this.#options.log ? { log: this.#options.log } : {}),
        onStatus: (status) => {
          watched.since = this.#now();
          for (const entry of this.#uris) {
            if (entry.identity === identity) this.emit('changed', { uri: entry.uri, status, since: watched.since });
          }
        },
      }),
    };
    this.#watched.set(identity, watched);
    watched.watcher.start();
  }
}

/** The same peers, with at most `limit` lookups under way; the rest wait their turn, in order. */
function gated(peers: PresencePeers, limit: number): PresencePeers {
  let running = 0;
  const queue: Array<() => void> = [];
  const acquire = (): Promise<void> => {
    if (running < limit) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  };
  // A finished lookup hands its slot straight to the next in line.
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };
  const findDevices = async (identity: Uint8Array): Promise<readonly PeerDevice[]> => {
    await acquire();
    try {
      return await peers.findDevices(identity);
    } finally {
      release();
    }
  };
  return {
    findDevices,
    connect: (device) => peers.connect(device),
    subscribe: (deviceKey, target, options) => peers.subscribe(deviceKey, target, options),
    onConnectionClosed: (listener) => peers.onConnectionClosed(listener),
  };
}
