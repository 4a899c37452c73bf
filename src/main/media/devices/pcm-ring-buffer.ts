/** What a ring buffer has seen: samples in and out, and how often either side lost. */
export interface RingBufferCounters {
  readonly pushedSamples: number;
  readonly pulledSamples: number;
  /** Times a push found the buffer full, and the oldest samples it dropped to make room. */
  readonly overruns: number;
  readonly droppedSamples: number;
  /** Times a pull found too little, and the silent samples it returned instead. */
  readonly underruns: number;
  readonly silentSamples: number;
}

/**
 * Mono 16-bit PCM between two clocks: the device's callback pace on one side, the 20 ms media
 * tick on the other. Pure and synchronous. Overrun drops the oldest samples (the freshest sound
 * is the one worth hearing, and latency stays bounded by the capacity); underrun pads with
 * silence. Both are counted.
 */
export class PcmRingBuffer {
  readonly capacity: number;
  readonly #samples: Int16Array;
  #start = 0;
  #length = 0;
  #pushed = 0;
  #pulled = 0;
  #overruns = 0;
  #dropped = 0;
  #underruns = 0;
  #silent = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`ring buffer capacity must be a positive integer (${capacity})`);
    this.capacity = capacity;
    this.#samples = new Int16Array(capacity);
  }

  /** Samples waiting to be pulled. */
  get available(): number {
    return this.#length;
  }

  push(samples: Int16Array): void {
    this.#pushed += samples.length;
    const excess = this.#length + samples.length - this.capacity;
    if (excess > 0) this.discardOldest(excess);
    // What did not fit even in an empty buffer was dropped (and counted) above.
    const input = samples.length > this.capacity ? samples.subarray(samples.length - this.capacity) : samples;
    let end = (this.#start + this.#length) % this.capacity;
    for (let offset = 0; offset < input.length; ) {
      const run = Math.min(input.length - offset, this.capacity - end);
      this.#samples.set(input.subarray(offset, offset + run), end);
      offset += run;
      end = (end + run) % this.capacity;
    }
    this.#length += input.length;
  }

  /**
   * Exactly `count` samples: what is buffered, then silence. `countUnderrun: false` pads without
   * counting (a stream that has not started yet is not late).
   */
  pull(count: number, countUnderrun = true): Int16Array {
    const out = new Int16Array(count);
    const taken = Math.min(count, this.#length);
    for (let offset = 0; offset < taken; ) {
      const run = Math.min(taken - offset, this.capacity - this.#start);
      out.set(this.#samples.subarray(this.#start, this.#start + run), offset);
      offset += run;
      this.#start = (this.#start + run) % this.capacity;
    }
    this.#length -= taken;
    this.#pulled += taken;
    if (taken < count && countUnderrun) {
      this.#underruns++;
      this.#silent += count - taken;
    }
    return out;
  }

  /**
   * Drops the oldest `count` samples (counted as one overrun): a push that does not fit, or a
   * reader keeping the delay down after the writer ran ahead.
   */
  discardOldest(count: number): void {
    if (count <= 0) return;
    this.#overruns++;
    this.#dropped += count;
    const fromBuffer = Math.min(count, this.#length);
    this.#start = (this.#start + fromBuffer) % this.capacity;
    this.#length -= fromBuffer;
  }

  /** Forgets what is buffered (a device change: old sound would only add delay). */
  clear(): void {
    this.#start = 0;
    this.#length = 0;
  }

  counters(): RingBufferCounters {
    return {
      pushedSamples: this.#pushed,
      pulledSamples: this.#pulled,
      overruns: this.#overruns,
      droppedSamples: this.#dropped,
      underruns: this.#underruns,
      silentSamples: this.#silent,
    };
  }
}
