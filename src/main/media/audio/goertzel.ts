import { sampleScale, type Samples } from './pcm-convert.js';

/**
 * The Goertzel algorithm: the strength of one frequency in a block of samples, O(N) and without
 * a full transform (a DFT bin at any frequency, not only at multiples of rate / N). Samples are
 * Hann-windowed so a tone between bins leaks little, and the result is scaled by the window's
 * coherent gain: a full-scale sine at exactly the frequency reads amplitude 1.
 */

const hannCache = new Map<number, { window: Float32Array; sum: number }>();

function hann(length: number): { window: Float32Array; sum: number } {
  let cached = hannCache.get(length);
  if (!cached) {
    const window = new Float32Array(length);
    let sum = 0;
    for (let n = 0; n < length; n++) {
      window[n] = length === 1 ? 1 : 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1));
      sum += window[n] ?? 0;
    }
    cached = { window, sum };
    if (hannCache.size > 64) hannCache.clear();
    hannCache.set(length, cached);
  }
  return cached;
}

export class Goertzel {
  readonly sampleRate: number;
  readonly frequency: number;
  readonly #coefficient: number;

  constructor(sampleRate: number, frequency: number) {
    this.sampleRate = sampleRate;
    this.frequency = frequency;
    this.#coefficient = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  }

  /** The amplitude (fraction of full scale) of this frequency in `samples[start, start + length)`. */
  amplitude(samples: Samples, start = 0, length = samples.length - start): number {
    if (length <= 0) return 0;
    const { window, sum } = hann(length);
    const scale = sampleScale(samples);
    const coefficient = this.#coefficient;
    let s1 = 0;
    let s2 = 0;
    for (let n = 0; n < length; n++) {
      const s0 = (samples[start + n] ?? 0) * scale * (window[n] ?? 0) + coefficient * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const power = Math.max(0, s1 * s1 + s2 * s2 - coefficient * s1 * s2);
    return (2 * Math.sqrt(power)) / sum;
  }
}
