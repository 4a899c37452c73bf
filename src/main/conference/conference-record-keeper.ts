import type { Clock, TimerHandle } from '../clock.js';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { TypedEmitter } from '../typed-emitter.js';
import { fitSubject, MAX_CONFERENCE_RECORD_SEQ, type ConferenceRecord, type FocusEntry } from './conference-record.js';
import type { ConferenceRecordPublishErrorCode, ConferenceRecordStore } from './conference-record-store.js';

export interface ConferenceRecordKeeperTiming {
  /**
   * HyperDHT drops a mutable record 48 h after it was stored; refreshing every 5–7 h (as the
   * device list does) survives a few failed rounds before members can no longer find the focus.
   */
  readonly refreshMinMs: number;
  readonly refreshMaxMs: number;
  /**
   * A change of load is published this long after the first change, together with every change
   * since: a wave of joins is one put, not one per member. Members read the load only to pick
   * a focus, so half a minute of staleness costs nothing while a single focus exists.
   */
  readonly loadDebounceMs: number;
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
}

export const CONFERENCE_RECORD_TIMING: ConferenceRecordKeeperTiming = {
  refreshMinMs: 5 * 3_600_000,
  refreshMaxMs: 7 * 3_600_000,
  loadDebounceMs: 30_000,
  retryMinMs: 15_000,
  retryMaxMs: 45_000,
};

export type ConferenceRecordKeeperEvents = {
  published: { readonly record: ConferenceRecord };
  publishFailed: { readonly code: ConferenceRecordPublishErrorCode; readonly reason: string; readonly retryInMs: number };
};

export interface ConferenceRecordKeeperOptions {
  readonly store: ConferenceRecordStore;
  readonly conference: KeyPair;
  readonly subject: string;
  /** The foci to list now (this node's, and later its secondaries), read at each publish. */
  readonly foci: () => readonly FocusEntry[];
  readonly clock: Clock;
  /** Wall time in ms (Date.now): seq follows it, so a restarted focus publishes above its last record. */
  readonly wallNow?: () => number;
  readonly random?: () => number;
  readonly timing?: Partial<ConferenceRecordKeeperTiming>;
}

/**
 * Keeps a conference's record in the DHT while its focus runs: published at once, stored again
 * on a schedule, and re-published a while after the load changed (`loadChanged`, debounced).
 * The seq is wall-clock seconds (and always above the last one), so it needs no read first and
 * a host that restarts with the same conference key still writes a newer record.
 */
export class ConferenceRecordKeeper extends TypedEmitter<ConferenceRecordKeeperEvents> {
  readonly #options: ConferenceRecordKeeperOptions;
  readonly #timing: ConferenceRecordKeeperTiming;
  readonly #subject: string;
  #seq = 0;
  #timer: TimerHandle | undefined;
  #loadTimer: TimerHandle | undefined;
  #running = false;
  #publishing: Promise<void> | undefined;
  #again = false;
  /** The first publish, for a caller that must not hand out the URI before it is findable. */
  readonly firstPublish: Promise<boolean>;
  #settleFirst: (ok: boolean) => void = () => undefined;

  constructor(options: ConferenceRecordKeeperOptions) {
    super();
    this.#options = options;
    this.#timing = { ...CONFERENCE_RECORD_TIMING, ...options.timing };
    this.#subject = fitSubject(options.subject);
    this.firstPublish = new Promise((resolve) => (this.#settleFirst = resolve));
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#publishNow();
  }

  /** The load changed: publish the new load once the debounce has passed. */
  loadChanged(): void {
    if (!this.#running || this.#loadTimer) return;
    this.#loadTimer = this.#options.clock.setTimer(this.#timing.loadDebounceMs, () => {
      this.#loadTimer = undefined;
      this.#publishNow();
    });
  }

  stop(): void {
    this.#running = false;
    this.#timer?.cancel();
    this.#loadTimer?.cancel();
    this.#timer = this.#loadTimer = undefined;
    this.#settleFirst(false);
  }

  #publishNow(): void {
    if (this.#publishing) {
      this.#again = true; // one more round after this, with what is current then
      return;
    }
    this.#publishing = this.#publish().finally(() => {
      this.#publishing = undefined;
      if (this.#again && this.#running) {
        this.#again = false;
        this.#publishNow();
      }
    });
  }

  async #publish(): Promise<void> {
    const wall = Math.floor((this.#options.wallNow ?? Date.now)() / 1000);
    this.#seq = Math.min(MAX_CONFERENCE_RECORD_SEQ, Math.max(this.#seq + 1, wall));
    const result = await this.#options.store.publish(this.#options.conference, { seq: this.#seq, subject: this.#subject, foci: this.#options.foci() });
    if (!this.#running) return;
    this.#timer?.cancel();
    const random = this.#options.random ?? Math.random;
    if (result.ok) {
      this.#settleFirst(true);
      this.#timer = this.#options.clock.setTimer(between(this.#timing.refreshMinMs, this.#timing.refreshMaxMs, random), () => this.#publishNow());
      this.emit('published', { record: result.record });
    } else {
      const retryInMs = between(this.#timing.retryMinMs, this.#timing.retryMaxMs, random);
      this.#timer = this.#options.clock.setTimer(retryInMs, () => this.#publishNow());
      this.emit('publishFailed', { code: result.error.code, reason: result.error.reason, retryInMs });
    }
  }
}

function between(min: number, max: number, random: () => number): number {
  return Math.round(min + (max - min) * random());
}
