import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_DROPOUT, RtpReceiverStats, type RtpSequenceVerdict } from '../../../../src/main/media/rtp/rtp-receiver-stats.js';

/** Records sequence numbers (timestamp and arrival irrelevant here) and returns the verdicts. */
function receive(stats: RtpReceiverStats, seqs: readonly number[]): RtpSequenceVerdict[] {
  return seqs.map((seq) => stats.record(seq, 0, 0));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => (from + i) & 0xffff);

describe('source validation and sequence numbers (RFC 3550 A.1)', () => {
  const cases: Array<{ name: string; seqs: number[]; verdicts?: RtpSequenceVerdict[]; received: number; expected: number; extendedMax: number }> = [
    { name: 'probation ends with the second packet in sequence', seqs: [10, 11, 12], verdicts: ['probation', 'valid', 'valid'], received: 2, expected: 2, extendedMax: 12 },
    { name: 'a gap during probation starts it again', seqs: [10, 12, 13, 14], verdicts: ['probation', 'probation', 'valid', 'valid'], received: 2, expected: 2, extendedMax: 14 },
    { name: 'the wrap 65535 → 0 adds a cycle', seqs: [65533, 65534, 65535, 0, 1], received: 4, expected: 4, extendedMax: 65536 + 1 },
    { name: 'a packet reordered across the wrap does not', seqs: [65533, 65534, 0, 65535, 1], received: 4, expected: 4, extendedMax: 65536 + 1 },
    { name: 'duplicates count as received (cumulative lost goes negative)', seqs: [1, 2, 3, 3, 4, 4], received: 5, expected: 3, extendedMax: 4 },
    { name: 'one big jump is ignored', seqs: [1, 2, 3, 3 + MAX_DROPOUT + 10, 4], verdicts: ['probation', 'valid', 'valid', 'bad-sequence', 'valid'], received: 3, expected: 3, extendedMax: 4 },
    { name: 'two sequential packets after a jump restart the count', seqs: [1, 2, 3, 9000, 9001, 9002], verdicts: ['probation', 'valid', 'valid', 'bad-sequence', 'valid', 'valid'], received: 2, expected: 2, extendedMax: 9002 },
    { name: 'a long call wraps several times', seqs: range(0, 3 * 65536 + 5).map((s) => s & 0xffff), received: 3 * 65536 + 5, expected: 3 * 65536 + 5, extendedMax: 3 * 65536 + 5 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const stats = new RtpReceiverStats(8000);
      const verdicts = receive(stats, c.seqs);
      if (c.verdicts) assert.deepEqual(verdicts, c.verdicts);
      assert.equal(stats.packetsReceived, c.received);
      assert.equal(stats.packetsExpected, c.expected);
      assert.equal(stats.extendedHighestSequenceNumber, c.extendedMax);
      assert.equal(stats.cumulativeLost, c.expected - c.received);
    });
  }
});

describe('loss per report interval (A.3)', () => {
  test('fraction lost is per interval, cumulative lost is since the start', () => {
    const stats = new RtpReceiverStats(8000);
    // 100 is probation; 101…120 expected (20), 105 and 110 lost.
    receive(stats, range(100, 120).filter((s) => s !== 105 && s !== 110));
    const first = stats.takeReport();
    assert.deepEqual(first, { fractionLost: Math.floor((2 * 256) / 20), cumulativeLost: 2, extendedHighestSequenceNumber: 120, jitter: 0 });
    // Next interval: 121…160 (40 expected), 10 lost → 64/256.
    receive(stats, range(121, 160).filter((s) => s % 4 !== 1)); // 121, 125 … 157 lost
    assert.deepEqual(stats.takeReport(), { fractionLost: 64, cumulativeLost: 12, extendedHighestSequenceNumber: 160, jitter: 0 });
    // An interval with duplicates only reports no loss, not a negative fraction.
    receive(stats, [161, 161, 162, 162]);
    assert.equal(stats.takeReport().fractionLost, 0);
  });
});

describe('interarrival jitter (A.8)', () => {
  // PCMU (8 kHz), 20 ms frames. Arrival in timestamp units = ms × 8.
  const traces: Array<{ name: string; timestamps: number[]; arrivalsMs: number[]; jitter: number }> = [
    { name: 'a steady stream', timestamps: [0, 160, 320, 480, 640], arrivalsMs: [0, 20, 40, 60, 80], jitter: 0 },
    // Transits (from the second, valid packet): 0, 0, 40, 0 → D = 0, 40, 40 → J = 0, 2.5, 4.84375.
    { name: 'one packet 5 ms late', timestamps: [0, 160, 320, 480, 640], arrivalsMs: [0, 20, 40, 65, 80], jitter: 4.84375 },
    // The same across the timestamp wrap.
    { name: 'one packet 5 ms late across 2^32', timestamps: [2 ** 32 - 320, 2 ** 32 - 160, 0, 160, 320], arrivalsMs: [0, 20, 40, 65, 80], jitter: 4.84375 },
    // D = 160 − 320 = −160 (early) then +160: J = 10, then 10 + 150/16 = 19.375.
    { name: 'a packet arriving 20 ms early', timestamps: [0, 160, 320, 480], arrivalsMs: [0, 20, 20, 60], jitter: 19.375 },
  ];
  for (const t of traces) {
    test(`${t.name}: J = ${t.jitter}`, () => {
      const stats = new RtpReceiverStats(8000);
      t.timestamps.forEach((ts, i) => stats.record(100 + i, ts, t.arrivalsMs[i] ?? 0));
      assert.equal(stats.jitter, t.jitter);
      assert.equal(stats.jitterMs, t.jitter / 8);
      assert.equal(stats.takeReport().jitter, Math.floor(t.jitter));
    });
  }
});
