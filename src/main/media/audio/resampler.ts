import { float32ToInt16, int16ToFloat32 } from './pcm-convert.js';

/**
 * Sample-rate conversion by a rational factor L/M (48k↔8k↔16k, 48k↔44.1k = 147/160) with a
 * polyphase windowed-sinc low-pass filter.
 *
 * The prototype filter runs at the virtual rate L × input rate and cuts at 45 % of the lower of
 * the two rates (90 % of its Nyquist frequency), so nothing above the output's Nyquist frequency
 * folds back and nothing above the input's is imaged. It spans ZERO_CROSSINGS zero crossings of
 * that cut-off on either side and is shaped with a Blackman window (stop band near −74 dB).
 * Output sample n sits at virtual position n·M: it is the sum over the input samples the
 * filter phase (n·M mod L) touches. The class is streaming (it keeps its history between calls)
 * and pure; its delay is a whole number of output samples, which `resample` (a whole buffer)
 * removes, so its output lines up with its input sample for sample.
 */

const ZERO_CROSSINGS = 16;
const CUTOFF = 0.9;

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function blackman(position: number): number {
  // position in [0, 1]
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * position) + 0.08 * Math.cos(4 * Math.PI * position);
}

export class Resampler {
  readonly inputRate: number;
  readonly outputRate: number;
  /** Upsampling factor L and downsampling factor M, reduced. */
  readonly up: number;
  readonly down: number;
  /** Taps per phase. */
  readonly taps: number;
  /** The filter's delay in whole output samples (what `resample` trims). */
  readonly delay: number;
  /** Phase-major coefficients: phase p uses filter[p * taps + k] on input q − k. */
  readonly #filter: Float64Array;
  #history: Float32Array;
  /** Virtual (×L) position of the next output relative to the start of `history`. */
  #position: number;

  constructor(inputRate: number, outputRate: number) {
    if (!Number.isInteger(inputRate) || !Number.isInteger(outputRate) || inputRate <= 0 || outputRate <= 0) {
      throw new RangeError(`sample rates must be positive integers (${inputRate} → ${outputRate})`);
    }
    const divisor = greatestCommonDivisor(inputRate, outputRate);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    this.up = outputRate / divisor;
    this.down = inputRate / divisor;
    const ratio = Math.max(1, this.down / this.up); // a wider filter when decimating
    this.taps = 2 * Math.ceil(ZERO_CROSSINGS * ratio);
    const centre = Math.floor((this.taps * this.up) / 2);
    this.#filter = this.#design(centre);
    // Start where output 0 lands exactly `delay` output samples after input 0: the filter's
    // centre is a whole number of virtual samples, so the delay is a whole number of outputs.
    this.delay = Math.floor(centre / this.down);
    this.#history = new Float32Array(this.taps - 1);
    this.#position = (this.taps - 1) * this.up + centre - this.delay * this.down;
  }

  /** Converts the next block of a stream; the output length varies by at most one sample. */
  process(input: Float32Array): Float32Array {
    const buffer = new Float32Array(this.#history.length + input.length);
    buffer.set(this.#history);
    buffer.set(input, this.#history.length);
    const count = Math.max(0, Math.floor((buffer.length * this.up - 1 - this.#position) / this.down) + 1);
    const out = new Float32Array(count);
    const { up, down, taps } = this;
    const filter = this.#filter;
    let position = this.#position;
    for (let n = 0; n < count; n++, position += down) {
      const newest = Math.floor(position / up);
      const base = (position - newest * up) * taps;
      let sum = 0;
      for (let k = 0; k < taps; k++) sum += (filter[base + k] ?? 0) * (buffer[newest - k] ?? 0);
      out[n] = sum;
    }
    const keep = taps - 1;
    const drop = buffer.length - keep;
    this.#history = buffer.slice(drop);
    this.#position = position - drop * up;
    return out;
  }

  #design(centre: number): Float64Array {
    const { up, taps } = this;
    const length = taps * up;
    // Cut-off as a fraction of the virtual rate's Nyquist frequency.
    const cutoff = (CUTOFF * Math.min(1, up / this.down)) / up;
    const prototype = new Float64Array(length);
    let sum = 0;
    for (let j = 0; j < length; j++) {
      const t = j - centre;
      const sinc = t === 0 ? cutoff : Math.sin(Math.PI * cutoff * t) / (Math.PI * t);
      prototype[j] = sinc * blackman(0.5 + t / length);
      sum += prototype[j] ?? 0;
    }
    // Unit gain at DC for every phase on average: the whole filter sums to L.
    const filter = new Float64Array(length);
    for (let p = 0; p < up; p++) {
      for (let k = 0; k < taps; k++) filter[p * taps + k] = ((prototype[p + k * up] ?? 0) * up) / sum;
    }
    return filter;
  }
}

/**
 * Resamples a whole buffer: the output has round(length × to / from) samples and is aligned
 * with the input (the filter delay is removed). 16-bit input is clipped on the way back.
 */
export function resample(samples: Int16Array, inputRate: number, outputRate: number): Int16Array;
export function resample(samples: Float32Array, inputRate: number, outputRate: number): Float32Array;
export function resample(samples: Int16Array | Float32Array, inputRate: number, outputRate: number): Int16Array | Float32Array {
  const floats = samples instanceof Int16Array ? int16ToFloat32(samples) : samples;
  let result: Float32Array;
  if (inputRate === outputRate) {
    result = Float32Array.from(floats);
  } else {
    const resampler = new Resampler(inputRate, outputRate);
    const wanted = Math.round((floats.length * outputRate) / inputRate);
    const skip = resampler.delay;
    const tail = new Float32Array(Math.ceil(((skip + 2) * inputRate) / outputRate) + resampler.taps);
    const head = resampler.process(floats);
    const rest = resampler.process(tail);
    const all = new Float32Array(head.length + rest.length);
    all.set(head);
    all.set(rest, head.length);
    result = all.slice(skip, skip + wanted);
  }
  return samples instanceof Int16Array ? float32ToInt16(result) : result;
}
