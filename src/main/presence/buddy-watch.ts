/**
 * When to look for one buddy and what their status is (RFC 3856 §4: the watcher's side), as a
 * state machine on an injected clock with no I/O: the shell (presence-watcher.ts) does the
 * lookups and subscriptions this asks for and reports what came of them.
 *
 *   idle     → checking   (start)
 *   checking → watching   (a device found has notified)
 *            → waiting    (the lookup found no device, or every one found failed)
 *   watching → checking   (now and then, for devices that came online since)
 *            → waiting    (every device was lost)
 *   waiting  → checking   (the wait ran out, or a hint came)
 *   any      → stopped
 *
 * - A buddy with no reachable device is looked up again with exponential backoff and jitter
 *   (retry-backoff.ts). A hint (the buddy subscribed to us, so a device of theirs is up) cuts
 *   the wait short, at most once per `hintIntervalMs`.
 * - Losing the last device that notified (a terminating NOTIFY, a failed refresh, the
 *   connection closing) shows `offline` at once. A buddy watched steadily is re-checked
 *   promptly; one that came and went quickly counts as a failure, so a flapping peer backs off
 *   like an absent one.
 * - Refreshing a subscription before it expires is the SIP layer's job (sip/ua/subscription.ts,
 *   RFC 6665 §4.1.2.2); a refresh that fails ends the subscription and arrives here as a loss.
 */
import type { Clock, TimerHandle } from '../clock.js';
import { PresenceError } from './presence-error.js';
import { aggregatePresence, type BuddyStatus, type PresenceState } from './presence-state.js';
import { backoffDelayMs, PRESENCE_RECHECK_BACKOFF, type BackoffPolicy } from './retry-backoff.js';

export type BuddyWatchState = 'idle' | 'checking' | 'watching' | 'waiting' | 'stopped';

const MOVES: Readonly<Record<BuddyWatchState, readonly BuddyWatchState[]>> = {
  idle: ['checking', 'stopped'],
  checking: ['watching', 'waiting', 'stopped'],
  watching: ['checking', 'waiting', 'stopped'],
  waiting: ['checking', 'stopped'],
  stopped: [],
};

export interface BuddyWatchTimings {
  /** Re-checks of a buddy with no reachable device. */
  readonly backoff: BackoffPolicy;
  /** After losing a buddy watched steadily, the re-check comes within this (half of it at least). */
  readonly promptRecheckMs: number;
  /** Watched at least this long counts as steady. */
  readonly steadyMs: number;
  /** While watching, look again about this often for devices that came online since (a second device). */
  readonly watchingRecheckMs: number;
  /** Hints re-check at most this often. */
  readonly hintIntervalMs: number;
}

export const PRESENCE_WATCH_TIMINGS: BuddyWatchTimings = {
  backoff: PRESENCE_RECHECK_BACKOFF,
  // Jittered, so the watchers of a node that just closed do not all look it up in the same instant.
  promptRecheckMs: 1_000,
  steadyMs: 30_000,
  watchingRecheckMs: 300_000,
  hintIntervalMs: 5_000,
};

/** What the machine asks its shell to do. */
export interface BuddyWatchEffects {
  /** Look the buddy's devices up; answer with `lookupFinished(round, deviceKeys)`. */
  readonly lookUp: (round: number) => void;
  /** Subscribe to a device the lookup found; answer with `deviceNotified` and finally `deviceLost` for it. */
  readonly subscribe: (deviceKey: string) => void;
  readonly statusChanged: (status: BuddyStatus) => void;
}

export interface BuddyWatchOptions {
  readonly timings?: BuddyWatchTimings;
  /** In [0, 1), for the jitter; Math.random by default, a seeded one in tests. */
  readonly random?: () => number;
}

export class BuddyWatch {
  readonly #clock: Clock;
  readonly #effects: BuddyWatchEffects;
  readonly #timings: BuddyWatchTimings;
  readonly #random: () => number;
  /** Each device subscribed to: still subscribing, or what it last notified. */
  readonly #devices = new Map<string, PresenceState | 'subscribing'>();
  #state: BuddyWatchState = 'idle';
  #status: BuddyStatus = 'unknown';
  #round = 0;
  #lookupPending = false;
  /** Re-checks in a row that found the buddy unreachable (or only briefly reachable). */
  #attempt = 0;
  #watchedSince: number | undefined;
  #lastCheckAt = Number.NEGATIVE_INFINITY;
  #timer: { readonly handle: TimerHandle; readonly due: number } | undefined;

  constructor(clock: Clock, effects: BuddyWatchEffects, options: BuddyWatchOptions = {}) {
    this.#clock = clock;
    this.#effects = effects;
    this.#timings = options.timings ?? PRESENCE_WATCH_TIMINGS;
    this.#random = options.random ?? Math.random;
  }

  get state(): BuddyWatchState {
    return this.#state;
  }

  get status(): BuddyStatus {
    return this.#status;
  }

  start(): void {
    if (this.#state === 'idle') this.#check();
  }

  /** Ends the watch: its timer dies with it, and late answers are ignored. */
  stop(): void {
    if (this.#state === 'stopped') return;
    this.#cancelTimer();
    this.#devices.clear();
    this.#lookupPending = false;
    this.#transition('stopped');
  }

  /** A sign the buddy is online now (they subscribed to us): re-check soon if waiting. */
  hint(): void {
    if (this.#state !== 'waiting') return;
    const now = this.#clock.now();
    const at = Math.max(now, this.#lastCheckAt + this.#timings.hintIntervalMs);
    if (this.#timer && this.#timer.due <= at) return;
    this.#arm(at - now, () => this.#check());
  }

  /** The lookup of `round` found these devices (keys); a stale round is ignored. */
  lookupFinished(round: number, deviceKeys: readonly string[]): void {
    if (this.#state === 'stopped' || !this.#lookupPending || round !== this.#round) return;
    this.#lookupPending = false;
    const fresh = [...new Set(deviceKeys)].filter((key) => !this.#devices.has(key));
    for (const key of fresh) this.#devices.set(key, 'subscribing');
    for (const key of fresh) {
      // The shell may answer at once (a device it cannot reach), even by stopping the watch.
      if (this.#isStopped()) return;
      if (this.#devices.get(key) === 'subscribing') this.#effects.subscribe(key);
    }
    this.#settle();
  }

  /** A device's NOTIFY said `state`. */
  deviceNotified(deviceKey: string, state: PresenceState): void {
    if (this.#state === 'stopped' || !this.#devices.has(deviceKey)) return;
    this.#devices.set(deviceKey, state);
    this.#watchedSince ??= this.#clock.now();
    this.#settle();
  }

  /** A device's subscription failed or ended, or its connection closed. */
  deviceLost(deviceKey: string): void {
    if (this.#state === 'stopped') return;
    const was = this.#devices.get(deviceKey);
    if (!this.#devices.delete(deviceKey)) return;
    // The last device we heard from is gone: offline now, even while a lookup runs.
    if (was !== 'subscribing' && this.#notified().length === 0) this.#publish('offline');
    this.#settle();
  }

  /** A method, not a comparison: the compiler would keep a narrowing across the shell's callbacks. */
  #isStopped(): boolean {
    return this.#state === 'stopped';
  }

  #notified(): PresenceState[] {
    return [...this.#devices.values()].filter((state): state is PresenceState => state !== 'subscribing');
  }

  /** The status from the devices, and the next state once the lookup is done. */
  #settle(): void {
    const notified = this.#notified();
    if (notified.length > 0) this.#publish(aggregatePresence(notified));
    else if (this.#devices.size === 0 && !this.#lookupPending) this.#publish('offline');
    if (this.#state === 'checking' && !this.#lookupPending) {
      if (notified.length > 0) this.#watch();
      else if (this.#devices.size === 0) this.#waitToRecheck();
    } else if (this.#state === 'watching' && this.#devices.size === 0) {
      this.#waitToRecheck();
    }
  }

  #watch(): void {
    this.#transition('watching');
    this.#arm(Math.round(this.#timings.watchingRecheckMs * (1 - 0.25 * this.#random())), () => this.#check());
  }

  #waitToRecheck(): void {
    const now = this.#clock.now();
    const steady = this.#watchedSince !== undefined && now - this.#watchedSince >= this.#timings.steadyMs;
    this.#watchedSince = undefined;
    let delay: number;
    if (steady) {
      this.#attempt = 0;
      delay = Math.round(this.#timings.promptRecheckMs * (0.5 + 0.5 * this.#random()));
    } else {
      delay = backoffDelayMs(this.#attempt++, this.#random, this.#timings.backoff);
    }
    this.#transition('waiting');
    this.#arm(delay, () => this.#check());
  }

  #check(): void {
    this.#cancelTimer();
    this.#transition('checking');
    this.#round++;
    this.#lookupPending = true;
    this.#lastCheckAt = this.#clock.now();
    this.#effects.lookUp(this.#round);
  }

  #publish(status: BuddyStatus): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#effects.statusChanged(status);
  }

  #transition(to: BuddyWatchState): void {
    if (to === this.#state) return;
    if (!MOVES[this.#state].includes(to)) throw new PresenceError('PRESENCE_ILLEGAL_MOVE', `buddy watch: no move from ${this.#state} to ${to}`);
    this.#state = to;
  }

  #arm(ms: number, fire: () => void): void {
    this.#cancelTimer();
    const handle = this.#clock.setTimer(ms, () => {
      this.#timer = undefined;
      fire();
    });
    this.#timer = { handle, due: this.#clock.now() + ms };
  }

  #cancelTimer(): void {
    this.#timer?.handle.cancel();
    this.#timer = undefined;
  }
}
