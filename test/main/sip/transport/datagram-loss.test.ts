import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DatagramLoss, seededRandom } from '../../../../src/main/sip/transport/index.js';

describe('DatagramLoss and seededRandom', () => {
  test('the same seed gives the same sequence, another seed another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a());
    assert.deepEqual(first, Array.from({ length: 5 }, () => b()));
    assert.notDeepEqual(first, Array.from({ length: 5 }, () => c()));
    for (const value of first) assert.ok(value >= 0 && value < 1);
  });

  test('drops about the share asked for', () => {
    const loss = new DatagramLoss({ lossRate: 0.25, random: seededRandom(7) });
    let dropped = 0;
    for (let i = 0; i < 10_000; i++) if (loss.drops('inbound')) dropped++;
    assert.ok(Math.abs(dropped - 2500) < 150, `dropped ${dropped} of 10000`);
  });

  test('0 never drops and 1 always does', () => {
    const never = new DatagramLoss({ lossRate: 0, random: seededRandom(1) });
    const always = new DatagramLoss({ lossRate: 1, random: seededRandom(1) });
    for (let i = 0; i < 100; i++) {
      assert.equal(never.drops('outbound'), false);
      assert.equal(always.drops('outbound'), true);
    }
  });

  test('only the directions asked for, and without drawing for the others', () => {
    let draws = 0;
    const loss = new DatagramLoss({ lossRate: 1, random: () => (draws++, 0), directions: ['outbound'] });
    assert.equal(loss.drops('inbound'), false);
    assert.equal(draws, 0);
    assert.equal(loss.drops('outbound'), true);
    assert.equal(draws, 1);
  });

  test('a rate outside 0..1 is refused', () => {
    assert.throws(() => new DatagramLoss({ lossRate: 1.5, random: Math.random }), RangeError);
    assert.throws(() => new DatagramLoss({ lossRate: Number.NaN, random: Math.random }), RangeError);
  });
});
