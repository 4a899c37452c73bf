import assert from 'node:assert/strict';
import { test } from 'node:test';
import { levelFraction, levelText, meterValue, METER_FLOOR_DBFS } from '../../src/renderer/view/audio-level.js';

test('a meter is empty at −60 dBFS and below, full at 0 dBFS, and linear in dB between', () => {
  assert.equal(METER_FLOOR_DBFS, -60);
  const cases = [
    [Number.NEGATIVE_INFINITY, 0],
    [-200, 0],
    [-60, 0],
    [-30, 0.5],
    [-15, 0.75],
    [0, 1],
    [3, 1],
    [Number.NaN, 0],
  ] as const;
  for (const [dbfs, fraction] of cases) assert.equal(levelFraction(dbfs), fraction, String(dbfs));
});

test('the meter’s value is whole dB within its range, and reads as words', () => {
  assert.equal(meterValue(-23.4), -23);
  assert.equal(meterValue(Number.NEGATIVE_INFINITY), -60);
  assert.equal(meterValue(2), 0);
  assert.equal(levelText(-23.4), '−23 dBFS');
  assert.equal(levelText(Number.NEGATIVE_INFINITY), 'silent');
  assert.equal(levelText(0), '0 dBFS');
});
