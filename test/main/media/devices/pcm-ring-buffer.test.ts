import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PcmRingBuffer } from '../../../../src/main/media/devices/pcm-ring-buffer.js';

const ramp = (from: number, count: number): Int16Array => Int16Array.from({ length: count }, (_, n) => from + n);

describe('PcmRingBuffer: between the device pace and the 20 ms tick', () => {
  test('what is pushed is pulled in order, across the wrap-around', () => {
    const ring = new PcmRingBuffer(8);
    ring.push(ramp(1, 6));
    assert.deepEqual(ring.pull(4), ramp(1, 4));
    ring.push(ramp(7, 5)); // wraps
    assert.equal(ring.available, 7);
    assert.deepEqual(ring.pull(7), ramp(5, 7));
    assert.deepEqual(ring.counters(), { pushedSamples: 11, pulledSamples: 11, overruns: 0, droppedSamples: 0, underruns: 0, silentSamples: 0 });
  });

  test('an underrun pads with silence and is counted', () => {
    const ring = new PcmRingBuffer(8);
    ring.push(ramp(1, 3));
    assert.deepEqual(ring.pull(5), Int16Array.from([1, 2, 3, 0, 0]));
    const counters = ring.counters();
    assert.equal(counters.underruns, 1);
    assert.equal(counters.silentSamples, 2);
  });

  test('an underrun before the stream flows is padded but not counted', () => {
    const ring = new PcmRingBuffer(8);
    assert.deepEqual(ring.pull(4, false), new Int16Array(4));
    assert.equal(ring.counters().underruns, 0);
  });

  test('an overrun drops the oldest samples and is counted', () => {
    const ring = new PcmRingBuffer(4);
    ring.push(ramp(1, 3));
    ring.push(ramp(4, 3));
    assert.deepEqual(ring.pull(4), ramp(3, 4));
    assert.equal(ring.counters().overruns, 1);
    assert.equal(ring.counters().droppedSamples, 2);
  });

  test('a push larger than the buffer keeps its newest samples', () => {
    const ring = new PcmRingBuffer(4);
    ring.push(ramp(1, 2));
    ring.push(ramp(10, 6));
    assert.deepEqual(ring.pull(4), ramp(12, 4));
    assert.equal(ring.counters().droppedSamples, 4);
    assert.equal(ring.counters().overruns, 1);
  });

  test('discardOldest keeps the delay down; clear forgets everything', () => {
    const ring = new PcmRingBuffer(10);
    ring.push(ramp(1, 8));
    ring.discardOldest(5);
    assert.deepEqual(ring.pull(3), ramp(6, 3));
    ring.discardOldest(-2);
    assert.equal(ring.counters().overruns, 1, 'nothing to drop is not an overrun');
    ring.push(ramp(1, 4));
    ring.clear();
    assert.equal(ring.available, 0);
  });

  test('a capacity that is not a positive integer is refused', () => {
    assert.throws(() => new PcmRingBuffer(0), RangeError);
    assert.throws(() => new PcmRingBuffer(2.5), RangeError);
  });
});
