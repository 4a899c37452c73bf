/** Audio as the codecs (16-bit) or the analysis and WAV code (floats in [−1, 1)) hold it. */
export type Samples = Int16Array | Float32Array;

/** 16-bit samples are read as fractions of full scale (32768), floats as they are. */
export function sampleScale(samples: Samples): number {
  return samples instanceof Int16Array ? 1 / 32768 : 1;
}

/** 16-bit PCM ↔ floats in [−1, 1): the scale is 32768 both ways, so conversions round-trip. */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) / 32768;
  return out;
}

/** Rounds and clips to 16 bits. */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = Math.max(-32768, Math.min(32767, Math.round((samples[i] ?? 0) * 32768)));
  return out;
}
