import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/** How many ticks are kept between two `take()`s: 16384 ticks are 5.5 minutes. */
const CAPACITY = 16384;

export interface TickTimingsSnapshot {
  /** Ticks run since the previous snapshot (those beyond the capacity are counted, not kept). */
  readonly ticks: number;
  /** How long after its due time each kept tick started, ms. */
  readonly latenessMs: number[];
  /** How long each kept tick's work took, ms. */
  readonly workMs: number[];
  /** The share of the time the worker's thread was busy (ticks, packets, requests): its CPU, 0–1. */
  readonly busyShare: number;
}

/**
 * The media worker's own timing of its 20 ms ticks, for the mixer bench: lateness (the event
 * loop was busy when the tick was due) and work (how long the sessions and mixers took). Two
 * clock readings a tick; the figures leave the worker only when asked.
 */
export class TickTimings {
  readonly #lateness = new Float32Array(CAPACITY);
  readonly #work = new Float32Array(CAPACITY);
  #ticks = 0;
  #utilization: EventLoopUtilization = performance.eventLoopUtilization();

  record(latenessMs: number, workMs: number): void {
    if (this.#ticks < CAPACITY) {
      this.#lateness[this.#ticks] = latenessMs;
      this.#work[this.#ticks] = workMs;
    }
    this.#ticks += 1;
  }

  take(): TickTimingsSnapshot {
    const kept = Math.min(this.#ticks, CAPACITY);
    const utilization = performance.eventLoopUtilization();
    const busyShare = performance.eventLoopUtilization(utilization, this.#utilization).utilization;
    this.#utilization = utilization;
    const snapshot = { ticks: this.#ticks, latenessMs: Array.from(this.#lateness.subarray(0, kept)), workMs: Array.from(this.#work.subarray(0, kept)), busyShare };
    this.#ticks = 0;
    return snapshot;
  }
}
