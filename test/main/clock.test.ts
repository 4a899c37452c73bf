import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../helpers/fake-clock.js';

test('the fake clock fires due timers in order and only when advanced', () => {
  const clock = new FakeClock();
  const fired: string[] = [];
  clock.setTimer(500, () => fired.push('B'));
  clock.setTimer(500, () => fired.push('B2'));
  const a = clock.setTimer(100, () => {
    fired.push(`A@${clock.now()}`);
    clock.setTimer(100, () => fired.push(`A again@${clock.now()}`));
  });
  clock.setTimer(1000, () => fired.push('late'));
  clock.advance(99);
  assert.deepEqual(fired, []);
  clock.advance(500);
  assert.deepEqual(fired, ['A@100', 'A again@200', 'B', 'B2']);
  assert.equal(clock.now(), 599);
  a.cancel(); // already fired: harmless
  assert.equal(clock.pendingTimers, 1);
});

test('a cancelled timer never fires', () => {
  const clock = new FakeClock();
  let fired = false;
  clock.setTimer(10, () => (fired = true)).cancel();
  clock.advance(100);
  assert.equal(fired, false);
});
