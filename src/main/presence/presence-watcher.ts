/**
 * The watcher of one buddy (RFC 3856): the shell around BuddyWatch. It looks the buddy's
 * identity up, connects to each device found, SUBSCRIBEs to `presence` there and reads the
 * PIDF of every NOTIFY; a terminated subscription or a closed connection is a lost device.
 * The peers (lookup, connections, the SIP UA) come in through PresencePeers, so this module
 * needs no call endpoint and tests can give it fakes.
 */
import type { Clock } from '../clock.js';
import type { HostPort } from '../p2p/bootstrap-address.js';
import type { SipContent, Subscription, SubscribeOptions } from '../sip/ua/index.js';
import { BuddyWatch, type BuddyWatchOptions } from './buddy-watch.js';
import { parsePidf, PIDF_CONTENT_TYPE } from './pidf.js';
import type { BuddyStatus, PresenceState } from './presence-state.js';

/** The event package of RFC 3856. */
export const PRESENCE_EVENT = 'presence';

/**
 * Asked for 4 minutes: the refresh (at 208 s, sip/ua/refresh-delay.ts) then comes before the
 * peer connection's 5-minute idle timeout (p2p/peer-connector.ts), so a watched buddy's
 * connection stays open and a peer that vanished is found at the latest by a failed refresh
 * (sooner by HyperDHT's 30 s peer timeout, and at once when it closes gracefully).
 */
export const PRESENCE_SUBSCRIBE_EXPIRES_S = 240;

/** A device found by lookup, with the DHT nodes that relay a connect to it. */
export interface PeerDevice {
  readonly deviceKey: Buffer;
  readonly relayAddresses: readonly HostPort[];
}

/** What a watcher needs from the P2P endpoint. */
export interface PresencePeers {
  /** The identity's listed devices online now (a fresh lookup), this device left out. */
  findDevices(identity: Uint8Array): Promise<readonly PeerDevice[]>;
  /** Opens (or joins) the connection to a device; rejects when it cannot be reached. */
  connect(device: PeerDevice): Promise<unknown>;
  /** SUBSCRIBE to `target` at a device over its open connection. Synchronous, so listeners attach before any answer. */
  subscribe(deviceKey: Buffer, target: string, options: SubscribeOptions): Subscription;
  /** Tells when the connection to a device (key in hex) has closed; returns the unsubscribe. */
  onConnectionClosed(listener: (deviceKeyHex: string) => void): () => void;
}

export interface PresenceWatcherOptions extends BuddyWatchOptions {
  /** The buddy's address-of-record, the Request-URI of each SUBSCRIBE. */
  readonly uri: string;
  readonly identity: Uint8Array;
  readonly peers: PresencePeers;
  readonly clock: Clock;
  readonly onStatus: (status: BuddyStatus) => void;
  readonly log?: (line: string) => void;
}

export class PresenceWatcher {
  readonly uri: string;
  readonly identity: Uint8Array;
  readonly #peers: PresencePeers;
  readonly #watch: BuddyWatch;
  readonly #log: (line: string) => void;
  /** The devices the last lookup found, by key (hex): what a subscription connects to. */
  readonly #found = new Map<string, PeerDevice>();
  readonly #subscriptions = new Map<string, Subscription>();
  readonly #offClosed: () => void;

  constructor(options: PresenceWatcherOptions) {
    this.uri = options.uri;
    this.identity = options.identity;
    this.#peers = options.peers;
    this.#log = options.log ?? (() => undefined);
    this.#watch = new BuddyWatch(
      options.clock,
      {
        lookUp: (round) => this.#lookUp(round),
        subscribe: (deviceKey) => this.#subscribe(deviceKey),
        statusChanged: options.onStatus,
      },
      options,
    );
    this.#offClosed = options.peers.onConnectionClosed((deviceKeyHex) => this.#connectionClosed(deviceKeyHex));
  }

  get status(): BuddyStatus {
    return this.#watch.status;
  }

  start(): void {
    this.#watch.start();
  }

  /** The buddy subscribed to us: a device of theirs is up. */
  hint(): void {
    this.#watch.hint();
  }

  /** Stops watching and unsubscribes (Expires 0) from every device. */
  stop(): void {
    this.#watch.stop();
    this.#offClosed();
    for (const subscription of this.#subscriptions.values()) this.#end(subscription);
    this.#subscriptions.clear();
  }

  #lookUp(round: number): void {
    this.#peers.findDevices(this.identity).then(
      (devices) => {
        for (const device of devices) this.#found.set(device.deviceKey.toString('hex'), device);
        this.#watch.lookupFinished(
          round,
          devices.map((device) => device.deviceKey.toString('hex')),
        );
      },
      (error: Error) => {
        this.#log(`presence: looking up ${this.uri} failed: ${error.message}`);
        this.#watch.lookupFinished(round, []);
      },
    );
  }

  #subscribe(deviceKey: string): void {
    const device = this.#found.get(deviceKey);
    if (!device) return this.#watch.deviceLost(deviceKey);
    // An unreachable device is routine (its announcement outlived it): the backoff deals with it, unlogged.
    this.#peers.connect(device).then(
      () => this.#startSubscription(deviceKey, device),
      () => this.#watch.deviceLost(deviceKey),
    );
  }

  #startSubscription(deviceKey: string, device: PeerDevice): void {
    if (this.#watch.state === 'stopped') return;
    let subscription: Subscription;
    try {
      subscription = this.#peers.subscribe(device.deviceKey, this.uri, { event: PRESENCE_EVENT, accept: [PIDF_CONTENT_TYPE], expires: PRESENCE_SUBSCRIBE_EXPIRES_S });
    } catch (error) {
      this.#log(`presence: cannot subscribe to ${this.uri}: ${(error as Error).message}`);
      return this.#watch.deviceLost(deviceKey);
    }
    this.#subscriptions.set(deviceKey, subscription);
    const current = (): boolean => this.#subscriptions.get(deviceKey) === subscription;
    subscription.onNotified(({ state, content }) => {
      if (current() && state.state !== 'terminated') this.#watch.deviceNotified(deviceKey, this.#stateOf(content));
    });
    subscription.onTerminated(({ outcome }) => {
      if (!current()) return;
      this.#subscriptions.delete(deviceKey);
      // A refusal (403, 489…) says something is wrong between the two devices; a device going away does not.
      if (outcome && outcome.status >= 400 && ![408, 480, 481, 503].includes(outcome.status)) {
        this.#log(`presence: ${this.uri}'s device ${deviceKey.slice(0, 8)} refused the subscription: ${outcome.status} ${outcome.reason}`);
      }
      this.#watch.deviceLost(deviceKey);
    });
  }

  #connectionClosed(deviceKey: string): void {
    const subscription = this.#subscriptions.get(deviceKey);
    if (!subscription) return;
    this.#subscriptions.delete(deviceKey);
    this.#end(subscription);
    this.#watch.deviceLost(deviceKey);
  }

  /**
   * What a NOTIFY says. A device that answers without a readable document is still there: it
   * counts as online (a watcher cannot tell more), and the document's fault is logged.
   */
  #stateOf(content: SipContent | undefined): PresenceState {
    if (!content) return 'online';
    const parsed = parsePidf(content.body);
    if (parsed.ok) return parsed.document.state;
    this.#log(`presence: ${this.uri} sent an unreadable document (${parsed.error.code}: ${parsed.error.reason})`);
    return 'online';
  }

  #end(subscription: Subscription): void {
    try {
      subscription.unsubscribe();
    } catch (error) {
      this.#log(`presence: unsubscribing from ${this.uri} failed: ${(error as Error).message}`);
    }
  }
}
