import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FrameClock } from '../../../../src/main/media/worker/frame-clock.js';
import { FakeClock } from '../../../helpers/fake-clock.js';

describe('the tick grid of a conference’s workers', () => {
  test('clocks started at different moments tick at the same instants once aligned, and number the ticks alike', () => {
    const clock = new FakeClock();
    const ticks: Record<string, number[]> = { early: [], late: [] };
    const early = new FrameClock(clock, 20, (due) => ticks['early']?.push(due));
    const late = new FrameClock(clock, 20, (due) => ticks['late']?.push(due));
    clock.advance(3);
    early.alignTo(1);
    early.start();
    clock.advance(14);
    late.alignTo(1);
    late.start();
    clock.advance(100);
    assert.deepEqual(ticks['early'], [21, 41, 61, 81, 101]);
    assert.deepEqual(ticks['late'], [21, 41, 61, 81, 101]);
    assert.equal(early.gridTick(61), 3);
    assert.equal(late.gridTick(61), 3);
  });

  test('a running clock moves onto the grid when aligned', () => {
    const clock = new FakeClock();
    const due: number[] = [];
    const frames = new FrameClock(clock, 20, (at) => due.push(at));
    frames.start();
    clock.advance(45);
    frames.alignTo(50);
    clock.advance(50);
    assert.deepEqual(due, [0, 20, 40, 50, 70, 90]);
    assert.equal(new FrameClock(clock, 20, () => undefined).gridTick(90), undefined, 'no grid, no tick numbers');
  });
});
