import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import {
  DEFAULT_TIMER_CONFIG,
  doubled,
  doubledUpToT2,
  T1,
  T2,
  T4,
  TIMER_A,
  TIMER_B,
  TIMER_D,
  TIMER_E,
  TIMER_F,
  TIMER_G,
  TIMER_H,
  TIMER_I,
  TIMER_J,
  TIMER_K,
  TIMER_L,
  TIMER_M,
  timerConfig,
} from '../../../../src/main/sip/transaction/transaction-timers.js';

describe('the timer table (RFC 3261 §A, Table 4; RFC 6026)', () => {
  test('T1 = 500 ms, T2 = 4 s, T4 = 5 s', () => {
    assert.deepEqual([T1, T2, T4], [500, 4000, 5000]);
    assert.deepEqual(DEFAULT_TIMER_CONFIG, { T1: 500, T2: 4000, T4: 5000 });
  });

  const c = DEFAULT_TIMER_CONFIG;
  // [timer, over UDP, over TCP] in milliseconds; null: not started on that transport.
  const rows: [string, number, number | null][] = [
    ['A, initially T1', TIMER_A(c), null],
    ['B, 64*T1', TIMER_B(c), TIMER_B(c)],
    ['D, > 32 s for UDP, 0 for TCP', TIMER_D(c, false), TIMER_D(c, true)],
    ['E, initially T1', TIMER_E(c), null],
    ['F, 64*T1', TIMER_F(c), TIMER_F(c)],
    ['G, initially T1', TIMER_G(c), null],
    ['H, 64*T1', TIMER_H(c), TIMER_H(c)],
    ['I, T4 for UDP, 0 for TCP', TIMER_I(c, false), TIMER_I(c, true)],
    ['J, 64*T1 for UDP, 0 for TCP', TIMER_J(c, false), TIMER_J(c, true)],
    ['K, T4 for UDP, 0 for TCP', TIMER_K(c, false), TIMER_K(c, true)],
    ['L, 64*T1', TIMER_L(c), TIMER_L(c)],
    ['M, 64*T1', TIMER_M(c), TIMER_M(c)],
  ];
  const expected: Record<string, [number, number | null]> = {
    A: [500, null],
    B: [32_000, 32_000],
    D: [32_000, 0],
    E: [500, null],
    F: [32_000, 32_000],
    G: [500, null],
    H: [32_000, 32_000],
    I: [5000, 0],
    J: [32_000, 0],
    K: [5000, 0],
    L: [32_000, 32_000],
    M: [32_000, 32_000],
  };
  for (const [name, udp, tcp] of rows) {
    test(`Timer ${name}`, () => assert.deepEqual([udp, tcp], expected[name.charAt(0)]));
  }

  test('A doubles without a cap; E and G double up to T2', () => {
    assert.equal(doubled(16_000), 32_000);
    assert.deepEqual([500, 1000, 2000, 4000].map((ms) => doubledUpToT2(ms, c)), [1000, 2000, 4000, 4000]);
  });
});

describe('timerConfig()', () => {
  test('a larger T1 for a high-latency link moves every 64*T1 timer, and D with them', () => {
    const slow = timerConfig({ T1: 1000 });
    assert.deepEqual(slow, { T1: 1000, T2: 4000, T4: 5000 });
    assert.deepEqual([TIMER_B(slow), TIMER_D(slow, false), TIMER_F(slow), TIMER_H(slow), TIMER_J(slow, false)], [64_000, 64_000, 64_000, 64_000, 64_000]);
  });

  test('a smaller T1 (a closed network) keeps Timer D at 32 s', () => {
    assert.equal(TIMER_D(timerConfig({ T1: 100 }), false), 32_000);
  });

  for (const bad of [{ T1: 0 }, { T2: -1 }, { T4: Number.NaN }, { T1: Number.POSITIVE_INFINITY }, { T1: 5000, T2: 4000 }]) {
    test(`refuses ${JSON.stringify(bad)}`, () => {
      assert.throws(() => timerConfig(bad), (error) => isTransactionError(error, 'TRANSACTION_BAD_TIMER_CONFIG'));
    });
  }
});
