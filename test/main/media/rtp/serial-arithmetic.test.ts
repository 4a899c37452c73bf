import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  seqAdd, seqDistance, seqNewer, timestampAdd, timestampDistance, timestampNewer, unwrapSequence, unwrapTimestamp,
} from '../../../../src/main/media/rtp/serial-arithmetic.js';

describe('sequence numbers wrap at 2^16', () => {
  const distances: Array<[number, number, number]> = [
    [5, 3, 2], [3, 5, -2], [0, 65535, 1], [65535, 0, -1], [10, 65530, 16], [32767, 0, 32767], [32768, 0, -32768], [7, 7, 0],
  ];
  for (const [a, b, d] of distances) {
    test(`${a} − ${b} = ${d}; newer: ${d > 0}`, () => {
      assert.equal(seqDistance(a, b), d);
      assert.equal(seqNewer(a, b), d > 0);
    });
  }
  const sums: Array<[number, number, number]> = [[65535, 1, 0], [0, -1, 65535], [65000, 1000, 464], [1, 65536, 1]];
  for (const [seq, n, sum] of sums) test(`${seq} + ${n} = ${sum}`, () => assert.equal(seqAdd(seq, n), sum));

  const unwraps: Array<[number, number, number]> = [
    // reference (extended), received seq, extended result
    [65535, 0, 65536], [65536, 65535, 65535], [131071, 2, 131074], [100, 90, 90], [0, 65535, -1], [5 * 65536 + 10, 65000, 4 * 65536 + 65000],
  ];
  for (const [reference, seq, extended] of unwraps) {
    test(`seq ${seq} near extended ${reference} is ${extended}`, () => assert.equal(unwrapSequence(reference, seq), extended));
  }
});

describe('timestamps wrap at 2^32', () => {
  const distances: Array<[number, number, number]> = [
    [960, 0, 960], [0, 0xffff_ffff, 1], [0xffff_ffff, 0, -1], [100, 0xffff_ff00, 356], [0x7fff_ffff, 0, 0x7fff_ffff], [0x8000_0000, 0, -0x8000_0000],
  ];
  for (const [a, b, d] of distances) {
    test(`${a} − ${b} = ${d}`, () => {
      assert.equal(timestampDistance(a, b), d);
      assert.equal(timestampNewer(a, b), d > 0);
    });
  }
  test('adds across the wrap', () => {
    assert.equal(timestampAdd(0xffff_ffff, 1), 0);
    assert.equal(timestampAdd(0xffff_fc40, 960), 0);
    assert.equal(timestampAdd(0, -960), 0xffff_fc40);
  });
  test('unwraps across the wrap, both ways', () => {
    assert.equal(unwrapTimestamp(0xffff_fc40, 0), 0x1_0000_0000);
    assert.equal(unwrapTimestamp(0x1_0000_0000, 0xffff_fc40), 0xffff_fc40);
    assert.equal(unwrapTimestamp(3 * 0x1_0000_0000 + 5, 10), 3 * 0x1_0000_0000 + 10);
    assert.equal(unwrapTimestamp(0, 0xffff_ffff), -1);
  });
});
