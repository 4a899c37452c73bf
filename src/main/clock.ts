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

/**
 * Real time. Its timers do not keep the process alive on their own (`unref`): sockets do, so
 * a node that has closed its sockets exits at once instead of waiting out, say, the 32 s of a
 * SIP Timer D that only absorbs retransmissions nobody will send any more.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
