import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Goertzel } from '../../../../src/main/media/audio/goertzel.js';
import { dominantFrequency, toneRatio, toneShare } from '../../../../src/main/media/audio/tone-analysis.js';
import { concat, sine, whiteNoise } from './test-signals.js';

function mix(a: Int16Array, b: Int16Array): Int16Array {
  return Int16Array.from(a, (value, i) => Math.max(-32768, Math.min(32767, value + (b[i] ?? 0))));
}

describe('Goertzel', () => {
  const cases: { rate: number; tone: number; probe: number; expected: number }[] = [
    { rate: 48000, tone: 440, probe: 440, expected: 0.5 },
    { rate: 48000, tone: 437.3, probe: 437.3, expected: 0.5 }, // between DFT bins
    { rate: 8000, tone: 1000, probe: 1000, expected: 0.5 },
    { rate: 48000, tone: 440, probe: 1000, expected: 0 },
    { rate: 48000, tone: 1000, probe: 440, expected: 0 },
  ];
  for (const { rate, tone, probe, expected } of cases) {
    test(`a 0.5 full-scale ${tone} Hz tone at ${rate} Hz reads ${expected} at ${probe} Hz`, () => {
      const amplitude = new Goertzel(rate, probe).amplitude(sine(tone, rate, rate / 5, 0.5));
      assert.ok(Math.abs(amplitude - expected) < 0.01, `amplitude ${amplitude}`);
    });
  }
});

describe('dominantFrequency', () => {
  const cases: { rate: number; frequency: number }[] = [
    { rate: 48000, frequency: 440 },
    { rate: 48000, frequency: 1000 },
    { rate: 48000, frequency: 123.4 },
    { rate: 8000, frequency: 3000 },
    { rate: 44100, frequency: 697 },
  ];
  for (const { rate, frequency } of cases) {
    test(`finds ${frequency} Hz at ${rate} Hz within 0.5 Hz`, () => {
      const found = dominantFrequency(sine(frequency, rate, rate / 4, 0.4), rate);
      assert.ok(Math.abs(found - frequency) < 0.5, `found ${found}`);
    });
  }

  test('the louder of two tones wins; a range excludes one; silence is 0', () => {
    const two = mix(sine(440, 48000, 12000, 0.2), sine(1000, 48000, 12000, 0.4));
    assert.ok(Math.abs(dominantFrequency(two, 48000) - 1000) < 0.5);
    assert.ok(Math.abs(dominantFrequency(two, 48000, { maxHz: 800 }) - 440) < 0.5);
    assert.equal(dominantFrequency(new Int16Array(4800), 48000), 0);
  });
});

describe('toneRatio: the share of 100 ms windows a tone dominates', () => {
  const second = 48000;
  const cases: { name: string; samples: Int16Array; expected: number }[] = [
    { name: 'the tone throughout', samples: sine(440, 48000, second), expected: 1 },
    { name: 'the tone, then as long a silence', samples: concat([sine(440, 48000, second / 2), new Int16Array(second / 2)]), expected: 0.5 },
    { name: 'the tone under noise 10 dB weaker', samples: mix(sine(440, 48000, second, 0.3), whiteNoise(second, 0.3 * 0.55)), expected: 1 },
    { name: 'the tone under noise 6 dB stronger', samples: mix(sine(440, 48000, second, 0.1), whiteNoise(second, 0.1 * 3.5)), expected: 0 },
    { name: 'another tone', samples: sine(1000, 48000, second), expected: 0 },
    { name: 'the tone under a louder one', samples: mix(sine(440, 48000, second, 0.2), sine(1000, 48000, second, 0.4)), expected: 0 },
    { name: 'the tone too quiet to count (−60 dBFS)', samples: sine(440, 48000, second, 0.001), expected: 0 },
  ];
  for (const { name, samples, expected } of cases) {
    test(`${name}: ${expected}`, () => assert.equal(toneRatio(samples, 48000, 440), expected));
  }

  test('toneShare is near 1 for the pure tone and near ½ for two equal tones', () => {
    assert.ok(toneShare(sine(440, 48000, 4800), 48000, 440) > 0.99);
    const share = toneShare(mix(sine(440, 48000, 4800, 0.3), sine(1000, 48000, 4800, 0.3)), 48000, 440);
    assert.ok(Math.abs(share - 0.5) < 0.02, `share ${share}`);
  });
});
