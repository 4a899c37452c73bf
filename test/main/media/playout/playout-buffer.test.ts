import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PlayoutBuffer } from '../../../../src/main/media/playout/playout-buffer.js';
import { RtpError } from '../../../../src/main/media/rtp/rtp-error.js';
import { count, runTrace, seededRandom, strictlyIncreasing, type TraceOptions } from './playout-trace.js';

// After the last packet of a trace the buffer conceals maxConcealFrames (5) frames before it takes
// the quiet for silence: every trace ends with that fade-out.
const TAIL = 5;

describe('the playout buffer under network traces', () => {
  const cases: Array<{ name: string; trace: TraceOptions; played: number; concealed: number; late?: number; duplicates?: number }> = [
    { name: 'in order', trace: { frames: 500 }, played: 500, concealed: TAIL },
    { name: 'duplicates of every 7th packet', trace: { frames: 700, duplicated: (i) => i % 7 === 0 }, played: 700, concealed: TAIL, duplicates: 100 },
    { name: 'a burst of 4 lost packets', trace: { frames: 500, lost: (i) => i >= 200 && i < 204 }, played: 496, concealed: 4 + TAIL },
    // An empty buffer conceals at most 5 frames; the rest of a long burst is silence.
    { name: 'a burst of 12 lost packets', trace: { frames: 500, lost: (i) => i >= 200 && i < 212 }, played: 488, concealed: 5 + TAIL },
    { name: 'wrap-around of sequence number and timestamp mid-call', trace: { frames: 1000, firstSeq: 65_300, firstTimestamp: 0xffff_ffff - 48_000 * 4 }, played: 1000, concealed: TAIL },
    { name: 'wrap-around at 8 kHz with 10 ms frames', trace: { frames: 1000, clockRate: 8000, frameMs: 10, firstSeq: 65_535, firstTimestamp: 0xffff_ff00 }, played: 1000, concealed: TAIL },
  ];
  for (const c of cases) {
    test(`${c.name}: plays ${c.played} frames in order, conceals ${c.concealed}`, () => {
      const result = runTrace(c.trace);
      assert.equal(result.playedFrames.length, c.played);
      assert.ok(strictlyIncreasing(result.playedFrames), 'frames play in the sender’s order, each once');
      assert.equal(result.stats.concealed, c.concealed);
      assert.equal(result.stats.late, c.late ?? 0);
      assert.equal(result.stats.duplicates, c.duplicates ?? 0);
      assert.equal(result.stats.restarts, 0);
    });
  }

  for (const distance of [1, 2, 3]) {
    test(`packets reordered by ${distance}: all but a few early ones are played, in order, and the target grows`, () => {
      // Every 10th packet is held back so that `distance` later packets overtake it.
      const result = runTrace({ frames: 1000, delayMs: (i) => (i % 10 === 5 ? distance * 20 + 1 : 0) });
      assert.ok(strictlyIncreasing(result.playedFrames), 'played in order');
      // Until the target has grown, a held-back packet can miss its turn; a frame or two may be
      // dropped when the target settles back. Every packet is accounted for.
      assert.ok(result.stats.late <= 2 * distance, `late ${result.stats.late}`);
      assert.ok(result.stats.dropped <= distance, `dropped ${result.stats.dropped}`);
      assert.equal(result.playedFrames.length + result.stats.late + result.stats.dropped, 1000);
      assert.ok(result.stats.targetDelayMs >= 20 * distance, `target ${result.stats.targetDelayMs}`);
    });
  }

  test('10 % random loss: every lost packet is concealed once, nothing else', () => {
    const random = seededRandom(42);
    const lostFrames = new Set<number>();
    for (let i = 0; i < 3000; i += 1) if (random() < 0.1) lostFrames.add(i);
    const result = runTrace({ frames: 3000, lost: (i) => lostFrames.has(i) });
    assert.ok(lostFrames.size > 250 && lostFrames.size < 350);
    assert.equal(result.playedFrames.length, 3000 - lostFrames.size);
    assert.equal(result.stats.concealed, lostFrames.size + TAIL);
    assert.equal(count(result.frames, 'lost', 'missing'), lostFrames.size + TAIL);
  });

  // 1 s of speech, 1 s of silence the sender does not send, five times.
  const talkspurts = (i: number) => Math.floor(i / 50) % 2 === 1;
  for (const minDelayMs of [20, 100]) {
    test(`DTX with a ${minDelayMs} ms delay: timestamp jumps without sequence gaps are silence, not loss`, () => {
      const result = runTrace({ frames: 500, silent: talkspurts, buffer: { minDelayMs } });
      assert.equal(result.playedFrames.length, 250);
      assert.equal(result.stats.concealed, TAIL, 'the fade-outs into silence are not counted as concealment');
      assert.equal(count(result.frames, 'lost', 'missing'), 5 * TAIL, 'each talkspurt ends with a fade-out of 5 frames');
      const silence = count(result.frames, 'silence');
      assert.ok(silence >= 4 * (50 - TAIL) && silence <= 4 * 50 + 10, `${silence} frames of silence`);
      assert.equal(result.stats.dropped + result.stats.stretched, 0);
    });
  }

  test('DTX with the first two packets of a talkspurt lost: silence, then two concealed frames, then speech', () => {
    const result = runTrace({ frames: 150, silent: talkspurts, lost: (i) => i === 100 || i === 101, buffer: { minDelayMs: 100 } });
    const start = result.frames.findIndex((f, i) => i > 60 && f.kind === 'frame');
    assert.deepEqual(result.frames.slice(start - 3, start).map((f) => (f.kind === 'lost' ? f.reason : f.kind)), ['silence', 'missing', 'missing']);
    assert.equal(result.stats.concealed, 2 + TAIL);
  });

  test('jitter of 0–60 ms: the target grows to cover it, then shrinks when the network calms', () => {
    const random = seededRandom(7);
    const samples: Array<{ at: number; target: number; late: number }> = [];
    const result = runTrace({
      frames: 9000, // 3 min: 30 s calm, 60 s of jitter, 90 s calm
      delayMs: (i) => (i >= 1500 && i < 4500 ? random() * 60 : 0),
      onPull: (now, _frame, stats) => samples.push({ at: now, target: stats.targetDelayMs, late: stats.late }),
    });
    const at = (seconds: number) => samples.find((s) => s.at >= seconds * 1000) ?? assert.fail(`no sample at ${seconds} s`);
    assert.ok(at(25).target <= 21, `calm start ${at(25).target}`);
    assert.ok(at(60).target >= 55 && at(60).target <= 120, `in the jitter ${at(60).target}`);
    assert.ok(at(160).target <= 25, `calm again ${at(160).target}`);
    assert.ok(at(100).target > at(130).target && at(130).target > at(160).target, 'it shrinks slowly, not at once');
    assert.ok(at(90).late - at(40).late <= 15, `late packets once adapted: ${at(90).late - at(40).late} of 2500`);
    assert.ok(result.playedFrames.length >= 9000 - 40);
    assert.ok(strictlyIncreasing(result.playedFrames));
  });

  for (const [name, senderRate] of [['0.5 % fast', 1.005], ['0.5 % slow', 0.995]] as const) {
    test(`a sender clock ${name} over 10 minutes: the buffer level stays bounded`, () => {
      let maxBuffered = 0;
      let maxDelay = 0;
      let minDelay = Infinity;
      const result = runTrace({
        frames: 30_000,
        senderRate,
        onPull: (now, _frame, stats) => {
          maxBuffered = Math.max(maxBuffered, stats.bufferedPackets);
          if (now > 1000 && now < 599_000) {
            maxDelay = Math.max(maxDelay, stats.currentDelayMs);
            minDelay = Math.min(minDelay, stats.currentDelayMs);
          }
        },
      });
      assert.ok(maxBuffered <= 3, `at most ${maxBuffered} packets held`);
      assert.ok(minDelay >= 5 && maxDelay <= 40, `delay stays in ${minDelay}…${maxDelay} ms`);
      // 0.5 % of 600 s is 3 s: 150 frames to drop (fast sender) or to insert (slow sender).
      const adjusted = senderRate > 1 ? result.stats.dropped : result.stats.stretched;
      assert.ok(Math.abs(adjusted - 150) <= 5, `${adjusted} frames adjusted`);
      assert.equal(result.stats.late, 0);
    });
  }

  test('drift and jitter together over 10 minutes: bounded, few late packets', () => {
    const random = seededRandom(11);
    let maxBuffered = 0;
    const result = runTrace({ frames: 30_000, senderRate: 1.005, delayMs: () => random() * 60, onPull: (_n, _f, s) => (maxBuffered = Math.max(maxBuffered, s.bufferedPackets)) });
    assert.ok(maxBuffered <= 10, `at most ${maxBuffered} packets held`);
    assert.ok(result.stats.late <= 30, `${result.stats.late} late`);
    assert.ok(result.stats.currentDelayMs <= 120);
  });
});

describe('the playout buffer, packet by packet', () => {
  const frame = (seq: number, timestamp: number, arrivalMs: number) => ({ seq, timestamp, arrivalMs, payload: new Uint8Array([seq & 0xff]) });

  test('is silent until the first packet has waited the target delay', () => {
    const buffer = new PlayoutBuffer({ clockRate: 48000, minDelayMs: 40 });
    assert.deepEqual(buffer.pull(0), { kind: 'silence' });
    assert.equal(buffer.push(frame(10, 960 * 10, 5)), 'accepted');
    assert.equal(buffer.push(frame(11, 960 * 11, 25)), 'accepted');
    assert.equal(buffer.state, 'buffering');
    assert.equal(buffer.pull(20).kind, 'silence');
    assert.equal(buffer.pull(38).kind, 'silence'); // packet 10 has waited 33 ms < 40 − ¼ frame
    const first = buffer.pull(58);
    assert.equal(first.kind === 'frame' ? first.seq : -1, 10);
    assert.equal(buffer.state, 'playing');
  });

  test('tells duplicates and late packets apart and says so', () => {
    const buffer = new PlayoutBuffer({ clockRate: 8000 });
    buffer.push(frame(1, 160, 0));
    assert.equal(buffer.push(frame(1, 160, 1)), 'duplicate');
    assert.equal(buffer.pull(20).kind, 'frame');
    assert.equal(buffer.push(frame(1, 160, 21)), 'duplicate', 'a copy of a packet already played');
    assert.deepEqual(buffer.pull(40), { kind: 'lost', reason: 'missing' }); // packet 2 is not there
    assert.equal(buffer.push(frame(2, 320, 45)), 'late');
    assert.equal(buffer.push(frame(3, 480, 46)), 'accepted');
    const stats = buffer.stats();
    assert.deepEqual([stats.duplicates, stats.late, stats.concealed], [2, 1, 1]);
    assert.ok(stats.targetDelayMs >= 40, 'a late packet raises the target by a frame');
  });

  test('a sequence jump beyond MAX_DROPOUT restarts the buffer', () => {
    const buffer = new PlayoutBuffer({ clockRate: 8000 });
    buffer.push(frame(100, 16_000, 0));
    buffer.pull(20);
    assert.equal(buffer.push(frame(100 + 3001, 16_160, 20)), 'restarted');
    assert.equal(buffer.state, 'buffering');
    assert.equal(buffer.stats().restarts, 1);
  });

  test('a sender whose timestamps stop during a pause (hold) is followed after a few late packets', () => {
    // 2 s of speech, 2 s with nothing sent, then speech whose timestamps continue as if no time passed.
    const frames = 300;
    const result = runTrace({ frames, delayMs: (i) => (i >= 100 ? 2000 : 0) });
    assert.equal(result.stats.restarts, 1);
    assert.ok(result.playedFrames.length >= frames - 5, `${result.playedFrames.length} played`);
    assert.ok(strictlyIncreasing(result.playedFrames));
  });

  test('refuses a frame that is not a whole number of samples', () => {
    assert.throws(() => new PlayoutBuffer({ clockRate: 8000, frameMs: 0.01 }), (e: unknown) => e instanceof RtpError && e.code === 'RTP_BAD_CONFIG');
  });
});
