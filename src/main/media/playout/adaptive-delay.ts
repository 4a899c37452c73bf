/**
 * The playout buffer's sense of time: how late each packet is compared with the fastest one
 * ("base transit"), how much that varies (RFC 3550 A.8 jitter, in ms), and the delay the buffer
 * should hold (target). Pure: readings in, numbers out; the buffer decides what to do with them.
 *
 * The target follows k × jitter, clamped to [min, max]: it rises at once when jitter rises or a
 * packet comes too late, and sinks back slowly (exponentially, `releaseMs`) when the network
 * calms, so one calm second after a storm does not empty the buffer just before the next.
 */
export interface AdaptiveDelayOptions {
  readonly frameMs: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** Target = jitterFactor × jitter. 3 covers uniformly spread delays, whose A.8 jitter is a third of the spread. */
  readonly jitterFactor: number;
  /** Time constant of the target's fall when calm. */
  readonly releaseMs: number;
}

/**
 * How fast the base transit may rise towards a packet slower than it (per packet). The minimum
 * alone would never forget a lucky early packet, nor follow a sender whose clock is slow (transit
 * grows by 0.1 ms a packet at −0.5 %): 1/64 follows that with a lag of about 6 ms.
 */
const BASE_RISE = 1 / 64;

export class AdaptiveDelay {
  readonly options: AdaptiveDelayOptions;
  #baseTransit: number | undefined;
  #previousTransit: number | undefined;
  #jitterMs = 0;
  #targetMs: number;

  constructor(options: AdaptiveDelayOptions) {
    this.options = options;
    this.#targetMs = options.minDelayMs;
  }

  get jitterMs(): number {
    return this.#jitterMs;
  }

  get targetMs(): number {
    return this.#targetMs;
  }

  /** Feeds one packet: its arrival on our clock and its media time (extended timestamp in ms). */
  observe(arrivalMs: number, mediaMs: number): void {
    const transit = arrivalMs - mediaMs;
    if (this.#previousTransit !== undefined) this.#jitterMs += (Math.abs(transit - this.#previousTransit) - this.#jitterMs) / 16;
    this.#previousTransit = transit;
    if (this.#baseTransit === undefined || transit < this.#baseTransit) this.#baseTransit = transit;
    else this.#baseTransit += (transit - this.#baseTransit) * BASE_RISE;
    this.#targetMs = Math.max(this.#targetMs, this.#desiredMs());
  }

  /** A packet came after its turn: the target was too small by at least a frame. */
  packetWasLate(): void {
    this.#targetMs = Math.min(this.options.maxDelayMs, this.#targetMs + this.options.frameMs);
  }

  /** Lets `elapsedMs` of calm pull the target down towards what the jitter asks for. */
  release(elapsedMs: number): void {
    const desired = this.#desiredMs();
    if (this.#targetMs <= desired || elapsedMs <= 0) return;
    this.#targetMs = desired + (this.#targetMs - desired) * Math.exp(-elapsedMs / this.options.releaseMs);
  }

  /**
   * How long the media due at `mediaMs` has been waiting at `nowMs`, counted from when the fastest
   * packets arrive; undefined before the first packet.
   */
  delayMs(nowMs: number, mediaMs: number): number | undefined {
    return this.#baseTransit === undefined ? undefined : nowMs - this.#baseTransit - mediaMs;
  }

  /** Forgets the transit history (the sender's timeline moved): the next packet sets the base. */
  rebase(): void {
    this.#baseTransit = undefined;
    this.#previousTransit = undefined;
  }

  #desiredMs(): number {
    const { minDelayMs, maxDelayMs, jitterFactor } = this.options;
    return Math.min(maxDelayMs, Math.max(minDelayMs, jitterFactor * this.#jitterMs));
  }
}
