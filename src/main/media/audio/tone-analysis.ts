import { fft } from './fft.js';
import { Goertzel } from './goertzel.js';
import { sampleScale, type Samples } from './pcm-convert.js';

/** Beyond this many samples `dominantFrequency` looks at the first ones only (2.7 s at 48 kHz). */
const MAX_FFT_SAMPLES = 131072;

export interface FrequencyRange {
  readonly minHz?: number;
  readonly maxHz?: number;
}

/**
 * The frequency with the most energy, to a fraction of a hertz: a Hann-windowed FFT finds the
 * strongest bin, then a Goertzel search within ±1 bin of it refines the peak. Silence gives 0.
 */
export function dominantFrequency(samples: Samples, sampleRate: number, range: FrequencyRange = {}): number {
  const length = Math.min(samples.length, MAX_FFT_SAMPLES);
  if (length < 2) return 0;
  let size = 1;
  while (size < length) size <<= 1;
  const real = new Float64Array(size);
  const imaginary = new Float64Array(size);
  const scale = sampleScale(samples);
  for (let n = 0; n < length; n++) real[n] = (samples[n] ?? 0) * scale * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / (length - 1)));
  fft(real, imaginary);
  const binHz = sampleRate / size;
  const first = Math.max(1, Math.ceil((range.minHz ?? 0) / binHz));
  const last = Math.min(size / 2 - 1, Math.floor((range.maxHz ?? sampleRate / 2) / binHz));
  let best = -1;
  let bestPower = 0;
  for (let k = first; k <= last; k++) {
    const power = (real[k] ?? 0) ** 2 + (imaginary[k] ?? 0) ** 2;
    if (power > bestPower) [best, bestPower] = [k, power];
  }
  if (best < 0) return 0;
  // Golden-section search of the Goertzel amplitude over [best − 1, best + 1] bins.
  const amplitudeAt = (hz: number): number => new Goertzel(sampleRate, hz).amplitude(samples, 0, length);
  let low = (best - 1) * binHz;
  let high = (best + 1) * binHz;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 30 && high - low > 0.01; i++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (amplitudeAt(a) < amplitudeAt(b)) low = a;
    else high = b;
  }
  return (low + high) / 2;
}

/**
 * The share of a window's power that one tone carries: 1 for the pure tone, ½ when something
 * else is as strong, near 0 when the tone is absent.
 */
export function toneShare(samples: Samples, sampleRate: number, frequency: number, start = 0, length = samples.length - start): number {
  const scale = sampleScale(samples);
  let energy = 0;
  for (let n = start; n < start + length; n++) energy += ((samples[n] ?? 0) * scale) ** 2;
  if (energy === 0) return 0;
  const amplitude = new Goertzel(sampleRate, frequency).amplitude(samples, start, length);
  return Math.min(1, (amplitude * amplitude * length) / 2 / energy);
}

export interface ToneRatioOptions {
  /** Window length. Default 100 ms (issue 4's loss test counts 100 ms windows). */
  readonly windowMs?: number;
  /** The share of a window's power the tone needs to dominate it. Default 0.5. */
  readonly minShare?: number;
  /** Quieter windows (RMS, dBFS) never count as the tone. Default −50. */
  readonly minLevelDbfs?: number;
}

/** The share of (whole) windows in which the tone dominates: the check for recordings of calls. */
export function toneRatio(samples: Samples, sampleRate: number, frequency: number, options: ToneRatioOptions = {}): number {
  const windowLength = Math.round((sampleRate * (options.windowMs ?? 100)) / 1000);
  const windows = Math.floor(samples.length / windowLength);
  if (windows === 0) return 0;
  const minShare = options.minShare ?? 0.5;
  const minMeanSquare = 10 ** ((options.minLevelDbfs ?? -50) / 10);
  const scale = sampleScale(samples);
  let hits = 0;
  for (let w = 0; w < windows; w++) {
    const start = w * windowLength;
    let energy = 0;
    for (let n = start; n < start + windowLength; n++) energy += ((samples[n] ?? 0) * scale) ** 2;
    if (energy / windowLength < minMeanSquare) continue;
    if (toneShare(samples, sampleRate, frequency, start, windowLength) >= minShare) hits++;
  }
  return hits / windows;
}
