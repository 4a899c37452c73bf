import type { Schedule } from '../../src/renderer/core/ws-api-client.js';

/** A `Schedule` on fake time: nothing runs until the test calls `advance`. */
export class FakeSchedule {
  now = 0;
  readonly #timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  readonly schedule: Schedule = (callback, delayMs) => {
    const timer = { at: this.now + delayMs, callback, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };

  /** Delays of the timers still waiting, from now. */
  pendingDelays(): number[] {
    return this.#timers.filter((t) => !t.cancelled).map((t) => t.at - this.now);
  }

  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => !t.cancelled && t.at <= until)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.cancelled = true;
      this.now = due.at;
      due.callback();
    }
    this.now = until;
  }
}
