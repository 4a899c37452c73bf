import { float32ToInt16, int16ToFloat32 } from '../audio/pcm-convert.js';
import { Resampler } from '../audio/resampler.js';

/**
 * Fixed-size frames across a rate change, for a stream: 960 samples at 48 kHz in, exactly 160 at
 * 8 kHz out (and back), every frame. The streaming Resampler's output length varies by a sample
 * from call to call, so its output goes through a small queue primed with a few samples of
 * silence; the queue never runs dry and adds well under a millisecond. Equal rates pass through.
 */
const PRIME_SAMPLES = 2;

export class FrameResampler {
  readonly inputRate: number;
  readonly outputRate: number;
  readonly outputFrame: number;
  readonly #resampler: Resampler | undefined;
  #queue: Int16Array;

  constructor(inputRate: number, outputRate: number, outputFrame: number) {
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.outputFrame = outputFrame;
    this.#resampler = inputRate === outputRate ? undefined : new Resampler(inputRate, outputRate);
    this.#queue = new Int16Array(this.#resampler ? PRIME_SAMPLES : 0);
  }

  /** Delay added, in ms at the output rate (the filter's and the queue's). */
  get delayMs(): number {
    return this.#resampler ? ((this.#resampler.delay + PRIME_SAMPLES) * 1000) / this.outputRate : 0;
  }

  process(frame: Int16Array): Int16Array {
    const converted = this.#resampler ? float32ToInt16(this.#resampler.process(int16ToFloat32(frame))) : frame;
    if (!this.#resampler && this.#queue.length === 0 && converted.length === this.outputFrame) return converted;
    const queue = new Int16Array(this.#queue.length + converted.length);
    queue.set(this.#queue);
    queue.set(converted, this.#queue.length);
    const out = new Int16Array(this.outputFrame); // short input leaves silence at the end
    out.set(queue.subarray(0, this.outputFrame));
    // Whatever is left waits for the next frame, bounded so an oversized input cannot grow it.
    const rest = Math.min(queue.length, this.outputFrame);
    this.#queue = queue.slice(rest, rest + 2 * this.outputFrame);
    return out;
  }
}
