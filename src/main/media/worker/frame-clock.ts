import type { Clock, TimerHandle } from '../../clock.js';

/** After a stall longer than this many frames, the clock skips ahead instead of catching up. */
const MAX_CATCH_UP_FRAMES = 5;

/**
 * The 20 ms audio clock of a media worker, drift-free: tick n is due at start + n × frame, and
 * each timer is set for the next due time from the clock's reading, so timer lateness never adds
 * up (chained 20 ms timeouts would run slow by their lateness, about a millisecond a tick). Late
 * ticks run back to back to catch up a short stall; after a long one the clock skips ahead.
 */
export class FrameClock {
  readonly frameMs: number;
  readonly #clock: Clock;
  readonly #onTick: (dueMs: number) => void;
  #startMs = 0;
  #next = 0;
  /** Set by `alignTo`: ticks fall on origin + n × frame. */
  #gridOriginMs: number | undefined;
  #timer: TimerHandle | undefined;
  #skipped = 0;

  constructor(clock: Clock, frameMs: number, onTick: (dueMs: number) => void) {
    this.#clock = clock;
    this.frameMs = frameMs;
    this.#onTick = onTick;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Frames skipped after stalls. */
  get skippedFrames(): number {
    return this.#skipped;
  }

  start(): void {
    if (this.#timer) return;
    const now = this.#clock.now();
    const origin = this.#gridOriginMs;
    this.#startMs = origin === undefined ? now : origin + Math.ceil((now - origin) / this.frameMs) * this.frameMs;
    this.#next = 0;
    this.#run();
  }

  /**
   * Puts the ticks on a grid, due at `originMs` + n × frame (in this clock's time), so that the
   * media workers of one conference mix the same tick at the same moment (`ConferenceBoard`). A
   * running clock restarts on the grid at its next grid tick.
   */
  alignTo(originMs: number): void {
    if (this.#gridOriginMs === originMs) return;
    this.#gridOriginMs = originMs;
    if (!this.#timer) return;
    this.stop();
    this.start();
  }

  /** The number of the tick due at `dueMs` on the grid (`alignTo`), or undefined without one. */
  gridTick(dueMs: number): number | undefined {
    return this.#gridOriginMs === undefined ? undefined : Math.round((dueMs - this.#gridOriginMs) / this.frameMs);
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  #run(): void {
    const now = this.#clock.now();
    let due = this.#startMs + this.#next * this.frameMs;
    if (now - due > MAX_CATCH_UP_FRAMES * this.frameMs) {
      const behind = Math.floor((now - due) / this.frameMs);
      this.#skipped += behind;
      this.#next += behind;
      due = this.#startMs + this.#next * this.frameMs;
    }
    while (due <= now) {
      this.#onTick(due);
      this.#next += 1;
      due = this.#startMs + this.#next * this.frameMs;
    }
    this.#timer = this.#clock.setTimer(Math.max(0, due - this.#clock.now()), () => this.#run());
  }
}
