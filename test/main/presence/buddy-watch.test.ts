import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BuddyWatch } from '../../../src/main/presence/buddy-watch.js';
import type { BuddyStatus } from '../../../src/main/presence/presence-state.js';
import { FakeClock } from '../../helpers/fake-clock.js';

/**
 * A BuddyWatch on fake time whose lookups find `online` (the devices the buddy has up now),
 * answered at once unless `manual`.
 */
function harness(options: { random?: () => number; manual?: boolean } = {}) {
  const clock = new FakeClock();
  const lookups: Array<{ round: number; at: number }> = [];
  const subscribed: string[] = [];
  const statuses: Array<{ status: BuddyStatus; at: number }> = [];
  let online: string[] = [];
  const watch: BuddyWatch = new BuddyWatch(
    clock,
    {
      lookUp: (round) => {
        lookups.push({ round, at: clock.now() });
        if (!options.manual) watch.lookupFinished(round, online);
      },
      subscribe: (key) => subscribed.push(key),
      statusChanged: (status) => statuses.push({ status, at: clock.now() }),
    },
    { random: options.random ?? (() => 0) },
  );
  return {
    clock,
    watch,
    lookups,
    subscribed,
    statuses,
    setOnline: (keys: string[]) => (online = keys),
    /** Answers the latest lookup (manual mode). */
    answer: (keys: string[]) => watch.lookupFinished(lookups.at(-1)?.round ?? -1, keys),
    last: () => statuses.at(-1)?.status ?? 'unknown',
  };
}

describe('BuddyWatch: when to look for a buddy, and their status', () => {
  test('an unreachable buddy: looked up at once, then after 5, 10, 20 … s, capped at 5 minutes — 17 lookups in an hour', () => {
    const h = harness();
    h.watch.start();
    assert.equal(h.lookups.length, 1);
    assert.equal(h.last(), 'offline');
    assert.equal(h.watch.state, 'waiting');
    h.clock.advance(3_600_000);
    const gaps = h.lookups.slice(1).map((lookup, index) => (lookup.at - (h.lookups[index]?.at ?? 0)) / 1000);
    assert.deepEqual(gaps, [5, 10, 20, 40, 80, 160, 300, 300, 300, 300, 300, 300, 300, 300, 300, 300]);
    assert.equal(h.lookups.length, 17);
    assert.deepEqual(
      h.statuses.map((s) => s.status),
      ['offline'],
      'one change: nothing is re-announced while nothing changes',
    );
  });

  test('before the first lookup answers the buddy is unknown, not offline', () => {
    const h = harness({ manual: true });
    h.watch.start();
    assert.equal(h.watch.status, 'unknown');
    assert.equal(h.statuses.length, 0);
    h.answer(['d1']);
    assert.deepEqual(h.subscribed, ['d1']);
    assert.equal(h.watch.status, 'unknown', 'subscribing is not knowing yet');
  });

  test('a device’s NOTIFYs set the status; a second device that is more available wins', () => {
    const h = harness();
    h.setOnline(['d1']);
    h.watch.start();
    assert.deepEqual(h.subscribed, ['d1']);
    assert.equal(h.watch.state, 'checking');
    h.watch.deviceNotified('d1', 'busy');
    assert.equal(h.watch.state, 'watching');
    assert.equal(h.last(), 'busy');
    h.watch.deviceNotified('d1', 'away');
    assert.equal(h.last(), 'away');
    // While watching, a look now and then finds devices that came online since; known ones are not subscribed again.
    h.setOnline(['d1', 'd2']);
    h.clock.advance(300_000);
    assert.equal(h.lookups.length, 2);
    assert.deepEqual(h.subscribed, ['d1', 'd2']);
    h.watch.deviceNotified('d2', 'online');
    assert.equal(h.last(), 'online');
    h.watch.deviceLost('d2');
    assert.equal(h.last(), 'away', 'back to what the remaining device says');
    assert.deepEqual(
      h.statuses.map((s) => s.status),
      ['busy', 'away', 'online', 'away'],
    );
  });

  test('losing a buddy watched steadily: offline at once, and looked up again within a second', () => {
    const h = harness();
    h.setOnline(['d1']);
    h.watch.start();
    h.watch.deviceNotified('d1', 'online');
    h.clock.advance(60_000);
    h.setOnline([]);
    h.watch.deviceLost('d1');
    assert.deepEqual(h.statuses.at(-1), { status: 'offline', at: 60_000 });
    assert.equal(h.watch.state, 'waiting');
    h.clock.advance(999);
    assert.equal(h.lookups.length, 2);
    assert.ok((h.lookups[1]?.at ?? 0) - 60_000 >= 500, 'not in the same instant either (jittered from half a second)');
    // Still gone: the backoff starts over from 5 s.
    h.clock.advance(5_000);
    assert.equal(h.lookups.length, 3);
  });

  test('a buddy that comes and goes quickly backs off like an absent one (a flapping peer is not hammered)', () => {
    const h = harness();
    h.watch.start(); // nothing at 0
    h.clock.advance(5_000 + 10_000 + 20_000); // nothing at 5 s, 15 s, 35 s; the next wait is 40 s
    assert.equal(h.lookups.length, 4);
    h.setOnline(['d1']);
    h.clock.advance(40_000);
    assert.equal(h.lookups.length, 5);
    h.watch.deviceNotified('d1', 'online');
    assert.equal(h.last(), 'online');
    h.clock.advance(2_000);
    h.setOnline([]);
    h.watch.deviceLost('d1');
    assert.equal(h.last(), 'offline');
    h.clock.advance(79_999);
    assert.equal(h.lookups.length, 5, 'no prompt re-check after two seconds of presence');
    h.clock.advance(1);
    assert.equal(h.lookups.length, 6, 'the backoff went on: 80 s');
  });

  test('a device that cannot be reached or refuses counts as a failed look: offline, then the backoff', () => {
    const h = harness();
    h.setOnline(['d1', 'd2']);
    h.watch.start();
    h.watch.deviceLost('d1');
    assert.equal(h.watch.status, 'unknown', 'd2 is still being subscribed to');
    h.watch.deviceLost('d2');
    assert.equal(h.last(), 'offline');
    assert.equal(h.watch.state, 'waiting');
    h.clock.advance(5_000);
    assert.equal(h.lookups.length, 2);
  });

  test('a hint (the buddy subscribed to us) cuts a long wait short, at most once per 5 s', () => {
    const h = harness();
    h.watch.start();
    h.clock.advance(155_000); // lookups at 0, 5, 15, 35, 75, 155 s; the next wait is 160 s
    assert.equal(h.lookups.length, 6);
    h.clock.advance(1_000);
    h.watch.hint();
    h.watch.hint();
    h.clock.advance(3_999);
    assert.equal(h.lookups.length, 6, 'not within 5 s of the last lookup');
    h.clock.advance(1);
    assert.equal(h.lookups.length, 7, 'hinted: looked up 5 s after the last one, not 160 s');
    h.watch.hint();
    h.clock.advance(4_999);
    assert.equal(h.lookups.length, 7);
    h.clock.advance(1);
    assert.equal(h.lookups.length, 8);
  });

  test('a hint while watching changes nothing', () => {
    const h = harness();
    h.setOnline(['d1']);
    h.watch.start();
    h.watch.deviceNotified('d1', 'online');
    h.watch.hint();
    h.clock.advance(60_000);
    assert.equal(h.lookups.length, 1);
  });

  test('losing the last device during a periodic look shows offline at once, without waiting for the lookup', () => {
    const h = harness({ manual: true });
    h.watch.start();
    h.answer(['d1']);
    h.watch.deviceNotified('d1', 'away');
    h.clock.advance(300_000);
    assert.equal(h.watch.state, 'checking');
    h.watch.deviceLost('d1');
    assert.equal(h.last(), 'offline');
    h.answer([]);
    assert.equal(h.watch.state, 'waiting');
    h.clock.advance(1_000);
    assert.equal(h.lookups.length, 3, 'watched steadily, so looked up again promptly');
  });

  test('stale and late answers are ignored; stop leaves no timer behind', () => {
    const h = harness({ manual: true });
    h.watch.start();
    h.watch.lookupFinished(99, ['x']);
    h.watch.deviceNotified('x', 'online');
    assert.deepEqual(h.subscribed, []);
    assert.equal(h.watch.status, 'unknown');
    h.answer([]);
    assert.equal(h.clock.pendingTimers, 1, 'the re-check timer');
    h.watch.stop();
    assert.equal(h.watch.state, 'stopped');
    assert.equal(h.clock.pendingTimers, 0);
    h.answer(['d1']);
    h.watch.deviceNotified('d1', 'online');
    h.watch.hint();
    h.clock.advance(3_600_000);
    assert.equal(h.lookups.length, 1);
    assert.deepEqual(h.subscribed, []);
    assert.equal(h.watch.status, 'offline');
  });

  test('jitter spreads re-checks of many buddies over a quarter of each wait', () => {
    const starts: number[] = [];
    for (let index = 0; index < 20; index++) {
      const h = harness({ random: () => index / 20 });
      h.watch.start();
      h.clock.advance(5_000);
      starts.push(h.lookups[1]?.at ?? Number.NaN);
    }
    assert.ok(starts.every((at) => at >= 3_750 && at <= 5_000), starts.join(','));
    assert.equal(new Set(starts).size, 20, 'no two in the same instant');
  });
});
