import type { Clock, TimerHandle } from '../clock.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { TypedEmitter } from '../typed-emitter.js';
import type { DeviceList } from './device-list-record.js';
import type { DeviceListPublishErrorCode, DeviceListReadErrorCode, DeviceListStore } from './device-list-store.js';
import { jitteredDelay } from './registration.js';

export interface DeviceListKeeperTiming {
  readonly refreshMinMs: number;
  readonly refreshMaxMs: number;
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
}

/**
 * HyperDHT nodes drop a mutable record 48 hours after it was stored. Each online device stores
 * the list again every 5–7 hours, so one device online for part of a day keeps it alive and the
 * lifetime still covers a weekend offline; the jitter spreads the devices' refreshes apart.
 */
export const DEVICE_LIST_KEEPER_TIMING: DeviceListKeeperTiming = {
  refreshMinMs: 5 * 3_600_000,
  refreshMaxMs: 7 * 3_600_000,
  retryMinMs: 60_000,
  retryMaxMs: 180_000,
};

export type DeviceListKeeperEvents = {
  /** The list as the DHT now holds it; persist it to republish after a long outage. */
  listRefreshed: { list: DeviceList; nextInMs: number };
  refreshFailed: { code: DeviceListReadErrorCode | DeviceListPublishErrorCode; reason: string; retryInMs: number };
};

export interface DeviceListKeeperOptions {
  store: DeviceListStore;
  /** Every device of the identity holds its key pair (identity export/import). */
  identity: KeyPair;
  clock: Clock;
  random?: () => number;
  timing?: Partial<DeviceListKeeperTiming>;
  /** The last list this device saw (from the profile), republished if the DHT has lost it. */
  lastKnown?: DeviceList;
}

/** Keeps the identity's device list stored in the DHT while this device runs. */
export class DeviceListKeeper extends TypedEmitter<DeviceListKeeperEvents> {
  readonly #store: DeviceListStore;
  readonly #identity: KeyPair;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #timing: DeviceListKeeperTiming;
  #lastKnown: DeviceList | undefined;
  #timer: TimerHandle | null = null;
  #running = false;
  /** Bumped by stop(), so a refresh still under way from before cannot schedule another. */
  #generation = 0;

  constructor(options: DeviceListKeeperOptions) {
    super();
    this.#store = options.store;
    this.#identity = options.identity;
    this.#clock = options.clock;
    this.#random = options.random ?? Math.random;
    this.#timing = { ...DEVICE_LIST_KEEPER_TIMING, ...options.timing };
    this.#lastKnown = options.lastKnown;
  }

  get lastKnown(): DeviceList | undefined {
    return this.#lastKnown;
  }

  /** Tells the keeper of a list published elsewhere in this process (a device added or removed). */
  remember(list: DeviceList): void {
    if (!this.#lastKnown || list.seq >= this.#lastKnown.seq) this.#lastKnown = list;
  }

  /** Refreshes now, then on the schedule. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#refresh();
  }

  stop(): void {
    this.#running = false;
    this.#generation++;
    this.#timer?.cancel();
    this.#timer = null;
  }

  async #refresh(): Promise<void> {
    this.#timer = null;
    const generation = this.#generation;
    const result = await this.#store.keepAlive(this.#identity, this.#lastKnown ? { lastKnown: this.#lastKnown } : {});
    if (!this.#running || generation !== this.#generation) return;
    if (result.ok) {
      this.remember(result.list);
      const nextInMs = jitteredDelay(this.#timing.refreshMinMs, this.#timing.refreshMaxMs, this.#random);
      this.#timer = this.#clock.setTimer(nextInMs, () => void this.#refresh());
      this.emit('listRefreshed', { list: result.list, nextInMs });
    } else {
      const retryInMs = jitteredDelay(this.#timing.retryMinMs, this.#timing.retryMaxMs, this.#random);
      this.#timer = this.#clock.setTimer(retryInMs, () => void this.#refresh());
      this.emit('refreshFailed', { code: result.error.code, reason: result.error.reason, retryInMs });
    }
  }
}
