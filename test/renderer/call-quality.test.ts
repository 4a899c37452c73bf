import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callQuality, FAIR_MOS, GOOD_MOS } from '../../src/renderer/view/call-quality.js';
import { statistics } from './call-fixtures.js';

test('quality is good from MOS 4.0, fair from 3.6, poor below', () => {
  assert.equal(GOOD_MOS, 4.0);
  assert.equal(FAIR_MOS, 3.6);
  const cases = [
    [4.5, 'good', 'Good'],
    [4.0, 'good', 'Good'],
    [3.99, 'fair', 'Fair'],
    [3.6, 'fair', 'Fair'],
    [3.59, 'poor', 'Poor'],
    [1, 'poor', 'Poor'],
  ] as const;
  for (const [mos, grade, label] of cases) {
    const quality = callQuality(statistics({ mos }));
    assert.equal(quality.grade, grade, String(mos));
    assert.equal(quality.label, label, String(mos));
  }
});

test('before the first statistics the quality is still being measured', () => {
  assert.deepEqual(callQuality(null), { grade: 'pending', label: 'Measuring…', details: 'No call statistics yet' });
});

test('the figures behind the grade are spelled out, thresholds included', () => {
  assert.equal(
    callQuality(statistics()).details,
    'MOS 4.20 (good ≥ 4.0, fair ≥ 3.6) · loss 1.0 % (5 of 500 packets) · jitter 3.3 ms · round trip 12 ms · playout delay 60 ms',
  );
  assert.match(callQuality(statistics({ roundTripTimeMs: null })).details, /round trip not measured yet/);
  assert.match(callQuality(statistics({ lossFraction: 0.125 })).details, /loss 13 %/);
});
