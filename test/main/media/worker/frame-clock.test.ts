import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Clock } from '../../../../src/main/clock.js';
import { FrameClock } from '../../../../src/main/media/worker/frame-clock.js';

/** Fake time whose timers fire `lateMs` after they are due, as real timers do. */
function lateClock(lateMs: number) {
  let now = 0;
  let timer: { at: number; callback: () => void } | undefined;
  const clock: Clock = {
    now: () => now,
    setTimer(ms, callback) {
      const entry = { at: now + ms + lateMs, callback };
      timer = entry;
      return { cancel: () => (timer = timer === entry ? undefined : timer) };
    },
  };
  return {
    clock,
    advance(ms: number, stallAt?: number) {
      const end = now + ms;
      while (timer && timer.at <= end) {
        const { at, callback } = timer;
        timer = undefined;
        now = stallAt !== undefined && at >= stallAt && at < stallAt + 1 ? at + 300 : at;
        callback();
      }
      now = end;
    },
  };
}

describe('the 20 ms frame clock', () => {
  test('ticks at start + n × 20 ms however late its timers fire: no drift', () => {
    const fake = lateClock(3);
    const ticks: number[] = [];
    const frames = new FrameClock(fake.clock, 20, (due) => ticks.push(due));
    frames.start();
    fake.advance(10_000);
    assert.equal(ticks.length, 500, `${ticks.length} ticks in 10 s`);
    ticks.forEach((due, n) => assert.equal(due, n * 20));
  });

  test('catches up a short stall and skips a long one', () => {
    const fake = lateClock(1);
    const ticks: number[] = [];
    const frames = new FrameClock(fake.clock, 20, (due) => ticks.push(due));
    frames.start();
    fake.advance(1000, 401); // the timer due at 400 ms fires 300 ms late
    assert.equal(frames.skippedFrames, 15, 'beyond 5 frames behind, it skips ahead');
    assert.deepEqual(ticks.slice(19, 22), [380, 700, 720], 'the tick due at 400 ran at 701: 15 skipped, then on time again');
    frames.stop();
    const count = ticks.length;
    fake.advance(1000);
    assert.equal(ticks.length, count, 'stopped');
  });
});
