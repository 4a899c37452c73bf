import { seededRandom } from '../../../../src/main/seeded-random.js';
// Signals and measurements shared by the media tests (not a test file itself).

/** A sine as 16-bit PCM: `amplitude` is a fraction of full scale; `offset` continues a phase. */
export function sine(frequency: number, sampleRate: number, length: number, amplitude = 0.5, offset = 0): Int16Array {
  const out = new Int16Array(length);
  for (let n = 0; n < length; n++) out[n] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * frequency * (n + offset)) / sampleRate));
  return out;
}

export function sineFloat(frequency: number, sampleRate: number, length: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(length);
  for (let n = 0; n < length; n++) out[n] = amplitude * Math.sin((2 * Math.PI * frequency * n) / sampleRate);
  return out;
}

export { seededRandom };

export function whiteNoise(length: number, amplitude: number, seed = 1): Int16Array {
  const random = seededRandom(seed);
  const out = new Int16Array(length);
  for (let n = 0; n < length; n++) out[n] = Math.round((random() * 2 - 1) * amplitude * 32767);
  return out;
}

/**
 * Signal-to-noise ratio (dB) of a tone in `samples[start, end)`: the least-squares fit of a
 * sine, a cosine and a constant at `frequency` is the signal, the rest is noise. Independent
 * of the tone's phase and of any delay.
 */
export function toneSnrDb(samples: ArrayLike<number>, sampleRate: number, frequency: number, start = 0, end = samples.length): number {
  let ss = 0, cc = 0, sc = 0, s1 = 0, c1 = 0, ys = 0, yc = 0, y1 = 0;
  const n = end - start;
  for (let i = start; i < end; i++) {
    const angle = (2 * Math.PI * frequency * i) / sampleRate;
    const s = Math.sin(angle);
    const c = Math.cos(angle);
    const y = samples[i] ?? 0;
    ss += s * s; cc += c * c; sc += s * c; s1 += s; c1 += c;
    ys += y * s; yc += y * c; y1 += y;
  }
  // Solve the 3×3 normal equations [ss sc s1; sc cc c1; s1 c1 n] [a b d] = [ys yc y1] (Cramer).
  const det = (m: number[]): number => (m[0] ?? 0) * ((m[4] ?? 0) * (m[8] ?? 0) - (m[5] ?? 0) * (m[7] ?? 0)) - (m[1] ?? 0) * ((m[3] ?? 0) * (m[8] ?? 0) - (m[5] ?? 0) * (m[6] ?? 0)) + (m[2] ?? 0) * ((m[3] ?? 0) * (m[7] ?? 0) - (m[4] ?? 0) * (m[6] ?? 0));
  const base = [ss, sc, s1, sc, cc, c1, s1, c1, n];
  const d0 = det(base);
  const a = det([ys, sc, s1, yc, cc, c1, y1, c1, n]) / d0;
  const b = det([ss, ys, s1, sc, yc, c1, s1, y1, n]) / d0;
  const dc = det([ss, sc, ys, sc, cc, yc, s1, c1, y1]) / d0;
  let signal = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const angle = (2 * Math.PI * frequency * i) / sampleRate;
    const fit = a * Math.sin(angle) + b * Math.cos(angle);
    signal += fit * fit;
    noise += ((samples[i] ?? 0) - fit - dc) ** 2;
  }
  return 10 * Math.log10(signal / Math.max(noise, 1e-30));
}

export function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
