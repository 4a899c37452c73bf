import type { Ringtone } from '../../shared/api-contract.js';

/** One sound in a ring: when in the period it starts, how long it lasts, which tones it mixes. */
export type RingNote = {
  atMs: number;
  durationMs: number;
  frequenciesHz: readonly number[];
  /** `steady` holds its level (a telephone ring); `chime` strikes and fades like a bell. */
  envelope: 'steady' | 'chime';
};

/** A ring cadence: its notes repeat every `periodMs`, at a peak level of `gain` (0…1 of full scale). */
export type RingPattern = {
  periodMs: number;
  notes: readonly RingNote[];
  gain: number;
};

const DOUBLE_RING_HZ = [425, 450] as const;

/**
 * `classic` is the double ring of ITU-T E.180 Suppl. 2 (0.4 s on, 0.2 s off, 0.4 s on, 2 s off)
 * with two mixed tones, as telephones in Europe ring. `soft` is two quiet bell-like notes (E5,
 * then A5 over its fading tail) every 4 s, for an office. The levels leave headroom below full
 * scale: −12 dBFS for the classic ring, about −16 dBFS for the soft one.
 */
export const RING_PATTERNS: Readonly<Record<Exclude<Ringtone, 'off'>, RingPattern>> = {
  classic: {
    periodMs: 3000,
    gain: 0.25,
    notes: [
      { atMs: 0, durationMs: 400, frequenciesHz: DOUBLE_RING_HZ, envelope: 'steady' },
      { atMs: 600, durationMs: 400, frequenciesHz: DOUBLE_RING_HZ, envelope: 'steady' },
    ],
  },
  soft: {
    periodMs: 4000,
    gain: 0.16,
    notes: [
      { atMs: 0, durationMs: 1100, frequenciesHz: [659.25], envelope: 'chime' },
      { atMs: 450, durationMs: 1500, frequenciesHz: [880], envelope: 'chime' },
    ],
  },
};

/** The cadence of a ringtone setting; null for `off`. */
export function ringPattern(ringtone: Ringtone): RingPattern | null {
  return ringtone === 'off' ? null : RING_PATTERNS[ringtone];
}

/** Edges fade over this long, so no note starts or stops with a click. */
const EDGE_MS = 10;
/** A chime's level falls to 1/e in this share of its length. */
const CHIME_DECAY_SHARE = 0.28;

/** The level of a note `t` ms after it started, 0…1. */
export function noteEnvelope(note: RingNote, t: number): number {
  if (t < 0 || t >= note.durationMs) return 0;
  const edgeIn = Math.min(1, t / EDGE_MS);
  const edgeOut = Math.min(1, (note.durationMs - t) / EDGE_MS);
  // Raised-cosine edges: smooth to the second derivative at both ends, so the spectrum stays clean.
  const edges = (0.5 - 0.5 * Math.cos(Math.PI * edgeIn)) * (0.5 - 0.5 * Math.cos(Math.PI * edgeOut));
  if (note.envelope === 'steady') return edges;
  return edges * Math.exp(-t / (note.durationMs * CHIME_DECAY_SHARE));
}

/**
 * One period of the ring as mono samples at `sampleRate`: pure, so the cadence, the levels and
 * the silences are tested on the numbers, and the player only loops the buffer.
 */
export function renderRingPeriod(pattern: RingPattern, sampleRate: number): Float32Array<ArrayBuffer> {
  const length = Math.round((pattern.periodMs / 1000) * sampleRate);
  const samples = new Float32Array(length);
  for (const note of pattern.notes) {
    const first = Math.max(0, Math.round((note.atMs / 1000) * sampleRate));
    const last = Math.min(length, Math.round(((note.atMs + note.durationMs) / 1000) * sampleRate));
    // The tones of a note share its level, so a two-tone note peaks no higher than a one-tone one.
    const partGain = pattern.gain / Math.max(1, note.frequenciesHz.length);
    for (let index = first; index < last; index++) {
      const seconds = (index - first) / sampleRate;
      const level = noteEnvelope(note, seconds * 1000);
      if (level === 0) continue;
      let sum = 0;
      for (const frequency of note.frequenciesHz) sum += Math.sin(2 * Math.PI * frequency * seconds);
      samples[index] = Math.max(-1, Math.min(1, (samples[index] ?? 0) + partGain * level * sum));
    }
  }
  return samples;
}
