import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resample, Resampler } from '../../../../src/main/media/audio/resampler.js';
import { sine, sineFloat, toneSnrDb } from './test-signals.js';

/** SNR of a 1 kHz tone away from the edges (where the filter sees the signal start and stop). */
function snrOf(samples: Int16Array | Float32Array, rate: number, frequency = 1000): number {
  const margin = Math.floor(rate * 0.05);
  return toneSnrDb(samples, rate, frequency, margin, samples.length - margin);
}

describe('the resampler', () => {
  const pairs: [number, number][] = [
    [48000, 8000],
    [8000, 48000],
    [48000, 16000],
    [16000, 48000],
    [48000, 44100],
    [44100, 48000],
    [16000, 8000],
  ];
  for (const [from, to] of pairs) {
    test(`${from} → ${to} Hz: a 1 kHz tone keeps > 60 dB SNR and the length scales exactly`, () => {
      const output = resample(sine(1000, from, from / 2, 0.5), from, to);
      assert.equal(output.length, to / 2);
      const snr = snrOf(output, to);
      assert.ok(snr > 60, `SNR ${snr.toFixed(1)} dB`);
    });
  }

  test('48k → 8k → 48k: a 1 kHz tone survives with > 30 dB SNR, in phase with the original', () => {
    const original = sine(1000, 48000, 48000, 0.5);
    const back = resample(resample(original, 48000, 8000), 8000, 48000);
    assert.equal(back.length, original.length);
    const snr = snrOf(back, 48000);
    assert.ok(snr > 30, `SNR ${snr.toFixed(1)} dB`);
    // Aligned sample for sample: the difference from the original itself is small too.
    let error = 0;
    let signal = 0;
    for (let i = 4800; i < 43200; i++) {
      error += ((back[i] ?? 0) - (original[i] ?? 0)) ** 2;
      signal += (original[i] ?? 0) ** 2;
    }
    assert.ok(10 * Math.log10(signal / error) > 30, 'no delay or phase shift is left');
  });

  // Measured stop band: −55 dB at 5 % above the new Nyquist frequency, −79 dB at 10 %, −97 dB at 25 %.
  const stopBand: [number, number, number][] = [
    [48000, 8000, 4400], // would alias to 3.6 kHz
    [48000, 8000, 6000], // would alias to 2 kHz
    [48000, 16000, 8800],
    [48000, 44100, 23500],
  ];
  for (const [from, to, frequency] of stopBand) {
    test(`${from} → ${to}: a ${frequency} Hz tone above the new Nyquist frequency is removed (< −60 dB)`, () => {
      const output = resample(sineFloat(frequency, from, from / 2, 0.5), from, to);
      let energy = 0;
      for (let i = 800; i < output.length - 800; i++) energy += (output[i] ?? 0) ** 2;
      const level = 10 * Math.log10(energy / (output.length - 1600) / 0.125); // relative to the input tone
      assert.ok(level < -60, `${level.toFixed(1)} dB`);
    });
  }

  test('streaming in 20 ms blocks gives the same samples as one call', () => {
    const input = sineFloat(440, 48000, 4800, 0.5);
    const whole = new Resampler(48000, 8000).process(input);
    const streaming = new Resampler(48000, 8000);
    const parts: number[] = [];
    for (let offset = 0; offset < input.length; offset += 960) parts.push(...streaming.process(input.subarray(offset, offset + 960)));
    assert.equal(parts.length, whole.length);
    for (let i = 0; i < whole.length; i++) assert.ok(Math.abs((parts[i] ?? 0) - (whole[i] ?? 0)) < 1e-6, `sample ${i}`);
  });

  test('a constant stays constant (unit gain at DC), and equal rates copy', () => {
    const output = resample(new Float32Array(4410).fill(0.25), 44100, 48000);
    for (let i = 200; i < output.length - 200; i++) assert.ok(Math.abs((output[i] ?? 0) - 0.25) < 1e-3, `sample ${i}: ${output[i]}`);
    const same = Int16Array.of(1, 2, 3);
    assert.deepEqual([...resample(same, 8000, 8000)], [1, 2, 3]);
  });

  test('rates must be positive integers', () => {
    assert.throws(() => new Resampler(0, 8000), RangeError);
    assert.throws(() => new Resampler(44100.5, 48000), RangeError);
  });
});
