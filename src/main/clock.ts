/**
 * Time, injected: every timer in the core (SIP transaction timers, refreshes, the playout
 * clock) goes through a Clock, so tests run on fake time and never sleep (STYLE.md habit 3).
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Runs `callback` once after `ms` milliseconds unless cancelled. */
  setTimer(ms: number, callback: () => void): TimerHandle;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};
