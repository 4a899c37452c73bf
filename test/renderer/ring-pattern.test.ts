import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noteEnvelope, RING_PATTERNS, renderRingPeriod, ringPattern } from '../../src/renderer/alerts/ring-pattern.js';

const RATE = 48_000;

/** The samples between two moments of the period, in ms. */
function slice(samples: Float32Array, fromMs: number, toMs: number): Float32Array {
  return samples.subarray(Math.round((fromMs / 1000) * RATE), Math.round((toMs / 1000) * RATE));
}

function peak(samples: Float32Array): number {
  let max = 0;
  for (const sample of samples) max = Math.max(max, Math.abs(sample));
  return max;
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

/** Power of one frequency in the samples (Goertzel), to tell which tones a ring is made of. */
function powerAt(samples: Float32Array, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / RATE);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
}

test('the classic ring is 0.4 s on, 0.2 s off, 0.4 s on, 2 s off, in a 3 s period', () => {
  const period = renderRingPeriod(RING_PATTERNS.classic, RATE);
  assert.equal(period.length, 3 * RATE);
  assert.ok(rms(slice(period, 20, 380)) > 0.1, 'the first ring sounds');
  assert.equal(peak(slice(period, 401, 599)), 0, 'the short pause is silent');
  assert.ok(rms(slice(period, 620, 980)) > 0.1, 'the second ring sounds');
  assert.equal(peak(slice(period, 1001, 3000)), 0, 'the long pause is silent');
});

test('the classic ring mixes 425 Hz and 450 Hz, at no more than its level', () => {
  const ring = slice(renderRingPeriod(RING_PATTERNS.classic, RATE), 20, 380);
  const tone425 = powerAt(ring, 425);
  const tone450 = powerAt(ring, 450);
  const elsewhere = Math.max(powerAt(ring, 600), powerAt(ring, 1000), powerAt(ring, 300));
  assert.ok(tone425 > 100 * elsewhere && tone450 > 100 * elsewhere, `425 Hz ${tone425}, 450 Hz ${tone450}, elsewhere ${elsewhere}`);
  const level = peak(ring);
  assert.ok(level <= RING_PATTERNS.classic.gain + 1e-6 && level > RING_PATTERNS.classic.gain * 0.95, `peak ${level}`);
});

test('a ring starts and stops without a click: its edges fade in and out', () => {
  const period = renderRingPeriod(RING_PATTERNS.classic, RATE);
  assert.ok(Math.abs(period[0] ?? 1) < 1e-6, 'it starts from silence');
  const onset = slice(period, 0, 2);
  assert.ok(peak(onset) < 0.02, `the first 2 ms stay quiet (${peak(onset)})`);
  const end = slice(period, 398, 400);
  assert.ok(peak(end) < 0.02, `the last 2 ms are faded out (${peak(end)})`);
  const note = { atMs: 0, durationMs: 400, frequenciesHz: [425], envelope: 'steady' } as const;
  assert.equal(noteEnvelope(note, 200), 1, 'full level in between');
  assert.equal(noteEnvelope(note, 400), 0, 'nothing after its end');
});

test('the soft ring is quieter and gentler: two notes that fade, in a 4 s period', () => {
  const period = renderRingPeriod(RING_PATTERNS.soft, RATE);
  assert.equal(period.length, 4 * RATE);
  assert.ok(peak(period) < peak(renderRingPeriod(RING_PATTERNS.classic, RATE)), 'quieter than the classic ring');
  assert.ok(powerAt(slice(period, 20, 400), 659.25) > 100 * powerAt(slice(period, 20, 400), 880), 'the first note alone first');
  assert.ok(powerAt(slice(period, 500, 1400), 880) > powerAt(slice(period, 500, 1400), 425) * 100, 'then the second note');
  assert.ok(rms(slice(period, 470, 570)) > 3 * rms(slice(period, 1700, 1800)), 'each note fades');
  assert.equal(peak(slice(period, 1951, 4000)), 0, 'then silence until the next round');
});

test('the period is rendered at the context’s own sample rate, and "off" has no pattern', () => {
  assert.equal(renderRingPeriod(RING_PATTERNS.classic, 44_100).length, 3 * 44_100);
  assert.equal(ringPattern('off'), null);
  assert.equal(ringPattern('classic'), RING_PATTERNS.classic);
  assert.equal(ringPattern('soft'), RING_PATTERNS.soft);
});
