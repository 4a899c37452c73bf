import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconnectBackoff } from '../../src/renderer/core/reconnect-backoff.js';

test('reconnect backoff starts at 250 ms and doubles up to 5 s', () => {
  const table: Array<[attempt: number, delayMs: number]> = [
    [0, 250],
    [1, 500],
    [2, 1000],
    [3, 2000],
    [4, 4000],
    [5, 5000],
    [6, 5000],
    [1_000, 5000],
    [-1, 250],
    [Number.NaN, 250],
  ];
  for (const [attempt, delayMs] of table) assert.equal(reconnectBackoff(attempt), delayMs, `attempt ${attempt}`);
});
