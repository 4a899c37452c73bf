/**
 * mulberry32: a tiny, fast, seeded 32-bit PRNG returning numbers in [0, 1). The same seed gives
 * the same sequence on every machine, so loss patterns, fuzz runs and traces repeat exactly.
 * Not for secrets: keys, tags and branches use crypto.randomBytes.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
