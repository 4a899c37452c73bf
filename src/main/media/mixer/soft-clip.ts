/**
 * Clipping protection for a mix: a sum of several voices can exceed 16 bits. Up to the knee
 * (−2.5 dBFS) samples pass unchanged, so a mix that fits is exact (the mixer's tests check
 * sums sample by sample); above it a tanh curve bends the excess towards full scale instead of
 * cutting it off. Stateless, so listeners who hear the same mix get the same bytes (the shared
 * encode), and a frame costs nothing beyond a comparison per sample when nobody is that loud.
 */
export const SOFT_CLIP_KNEE = 24576;
const FULL_SCALE = 32767;
const HEADROOM = FULL_SCALE - SOFT_CLIP_KNEE;

function bend(value: number): number {
  if (value > SOFT_CLIP_KNEE) return Math.round(SOFT_CLIP_KNEE + HEADROOM * Math.tanh((value - SOFT_CLIP_KNEE) / HEADROOM));
  if (value < -SOFT_CLIP_KNEE) return -Math.round(SOFT_CLIP_KNEE + HEADROOM * Math.tanh((-value - SOFT_CLIP_KNEE) / HEADROOM));
  return value;
}

/** `out` = the clipped `mix` (`mix` holds sums of 16-bit samples, so whole numbers). */
export function clipInto(mix: Float32Array, out: Int16Array): Int16Array {
  for (let n = 0; n < out.length; n++) {
    const value = mix[n] as number;
    out[n] = value > SOFT_CLIP_KNEE || value < -SOFT_CLIP_KNEE ? bend(value) : value;
  }
  return out;
}

/** `out` = the clipped `mix − own`: the mix-minus of the member who contributed `own`. */
export function clipMinusInto(mix: Float32Array, own: ArrayLike<number>, out: Int16Array): Int16Array {
  for (let n = 0; n < out.length; n++) {
    const value = (mix[n] as number) - (own[n] as number);
    out[n] = value > SOFT_CLIP_KNEE || value < -SOFT_CLIP_KNEE ? bend(value) : value;
  }
  return out;
}

/** `into` += `pcm`, sample by sample. */
export function accumulate(into: Float32Array, pcm: ArrayLike<number>): void {
  for (let n = 0; n < into.length; n++) into[n] = (into[n] as number) + (pcm[n] as number);
}
