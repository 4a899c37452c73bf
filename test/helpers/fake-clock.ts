import type { Clock, TimerHandle } from '../../src/main/clock.js';

/**
 * A Clock that moves only when the test says so. Timers due at the same instant fire in the
 * order they were set; a timer set by a firing timer fires in the same advance if it is due.
 */
export class FakeClock implements Clock {
  #now = 0;
  #sequence = 0;
  readonly #timers = new Map<number, { due: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, callback: () => void): TimerHandle {
    const id = ++this.#sequence;
    this.#timers.set(id, { due: this.#now + Math.max(0, ms), callback });
    return { cancel: () => this.#timers.delete(id) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let next: [number, { due: number; callback: () => void }] | undefined;
      for (const entry of this.#timers) {
        if (entry[1].due <= target && (!next || entry[1].due < next[1].due || (entry[1].due === next[1].due && entry[0] < next[0]))) next = entry;
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].due;
      next[1].callback();
    }
    this.#now = target;
  }

  /** Timers still pending, for assertions that a state's timers died with it. */
  get pendingTimers(): number {
    return this.#timers.size;
  }
}
