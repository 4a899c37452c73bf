/**
 * The level of one 20 ms frame in dBov (RFC 6464 §3: 0 dBov is a full-scale square wave), from
 * its mean square. The loudest-speaker selection compares members by it, so it is computed once
 * per member and tick on the decoded 48 kHz PCM.
 */
export const FRAME_LEVEL_FLOOR_DBOV = -127;

const FULL_SCALE_SQUARED = 32768 * 32768;

export function frameLevelDbov(pcm: Int16Array): number {
  let sum = 0;
  for (let n = 0; n < pcm.length; n++) {
    const sample = pcm[n] as number;
    sum += sample * sample;
  }
  if (sum === 0 || pcm.length === 0) return FRAME_LEVEL_FLOOR_DBOV;
  return Math.max(FRAME_LEVEL_FLOOR_DBOV, 10 * Math.log10(sum / pcm.length / FULL_SCALE_SQUARED));
}
