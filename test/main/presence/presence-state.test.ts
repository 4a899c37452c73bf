import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregatePresence, type PresenceState } from '../../../src/main/presence/presence-state.js';
import { backoffDelayMs, PRESENCE_RECHECK_BACKOFF } from '../../../src/main/presence/retry-backoff.js';

describe('a buddy with several devices is as available as the most available one', () => {
  const rows: ReadonlyArray<{ devices: PresenceState[]; buddy: PresenceState }> = [
    { devices: [], buddy: 'offline' },
    { devices: ['offline'], buddy: 'offline' },
    { devices: ['busy'], buddy: 'busy' },
    { devices: ['busy', 'offline'], buddy: 'busy' },
    { devices: ['busy', 'away'], buddy: 'away' },
    { devices: ['away', 'busy', 'offline'], buddy: 'away' },
    { devices: ['away', 'online', 'busy'], buddy: 'online' },
    { devices: ['offline', 'offline', 'online'], buddy: 'online' },
  ];
  for (const row of rows) {
    test(`[${row.devices.join(', ')}] → ${row.buddy}`, () => {
      assert.equal(aggregatePresence(row.devices), row.buddy);
    });
  }
});

describe('re-check backoff', () => {
  test('without jitter: 5 s doubling to a 5-minute cap', () => {
    const none = (): number => 0;
    assert.deepEqual(
      Array.from({ length: 9 }, (_, attempt) => backoffDelayMs(attempt, none) / 1000),
      [5, 10, 20, 40, 80, 160, 300, 300, 300],
    );
    assert.equal(backoffDelayMs(10_000, none), 300_000, 'a huge attempt count stays at the cap');
  });

  test('jitter only shortens a wait, by at most a quarter, and never below 3.75 s', () => {
    for (const random of [0, 0.3, 0.999999]) {
      for (let attempt = 0; attempt < 12; attempt++) {
        const base = Math.min(PRESENCE_RECHECK_BACKOFF.maxMs, PRESENCE_RECHECK_BACKOFF.firstMs * 2 ** attempt);
        const delay = backoffDelayMs(attempt, () => random);
        assert.ok(delay <= base && delay >= base * 0.75 - 1, `attempt ${attempt}, random ${random}: ${delay} ms`);
      }
    }
    assert.ok(backoffDelayMs(0, () => 0.999999) >= 3_750);
  });
});
