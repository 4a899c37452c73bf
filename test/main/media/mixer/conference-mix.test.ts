import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConferenceMix, type MemberFrame } from '../../../../src/main/media/mixer/conference-mix.js';
import { SOFT_CLIP_KNEE } from '../../../../src/main/media/mixer/soft-clip.js';

const N = 960;

/** A frame whose every sample is `value` plus a ramp, so sums are easy to predict and members tell apart. */
function frame(value: number): Int16Array {
  return Int16Array.from({ length: N }, (_, n) => value + (n % 7));
}

function member(key: string, pcm: Int16Array, muted = false): MemberFrame {
  return { key, pcm, muted };
}

/** Mixes `ticks` ticks of the same frames; returns the last result. */
function mixFor(mix: ConferenceMix, ticks: number, frames: MemberFrame[]) {
  let result = mix.mix(frames, []);
  for (let i = 1; i < ticks; i++) result = mix.mix(frames, []);
  return result;
}

function sumOf(...frames: Int16Array[]): Int16Array {
  return Int16Array.from({ length: N }, (_, n) => frames.reduce((sum, f) => sum + (f[n] ?? 0), 0));
}

describe('full mix-minus', () => {
  test('each member hears exactly the sum of all the others, never itself', () => {
    const frames = { a: frame(1000), b: frame(2000), c: frame(-3000), d: frame(500) };
    const mix = new ConferenceMix({ mode: 'full' });
    const result = mix.mix(Object.entries(frames).map(([key, pcm]) => member(key, pcm)), []);
    assert.deepEqual(result.hears('a'), sumOf(frames.b, frames.c, frames.d));
    assert.deepEqual(result.hears('b'), sumOf(frames.a, frames.c, frames.d));
    assert.deepEqual(result.hears('c'), sumOf(frames.a, frames.b, frames.d));
    assert.deepEqual(result.hears('d'), sumOf(frames.a, frames.b, frames.c));
    assert.deepEqual(result.shared, sumOf(frames.a, frames.b, frames.c, frames.d));
  });

  test('a muted member is in nobody’s mix but hears everyone', () => {
    const frames = { a: frame(1000), b: frame(2000), c: frame(3000) };
    const mix = new ConferenceMix({ mode: 'full' });
    const result = mix.mix([member('a', frames.a), member('b', frames.b), member('c', frames.c, true)], []);
    assert.deepEqual(result.hears('a'), frames.b);
    assert.deepEqual(result.hears('c'), sumOf(frames.a, frames.b));
    assert.equal(result.hearsShared('c'), true, 'the muted member hears the shared mix (and its shared encode)');
    assert.equal(result.hearsShared('a'), false);
  });

  test('a silent member hears the shared mix', () => {
    const mix = new ConferenceMix({ mode: 'full' });
    const result = mix.mix([member('a', frame(1000)), member('quiet', new Int16Array(N))], []);
    assert.equal(result.hearsShared('quiet'), true);
    assert.deepEqual(result.hears('quiet'), frame(1000));
  });

  test('another shard’s sum is heard by every local member', () => {
    const mix = new ConferenceMix({ mode: 'full' });
    const remote = Float32Array.from(frame(700));
    const result = mix.mix([member('a', frame(1000)), member('b', frame(2000))], [{ candidates: [], sum: remote }]);
    assert.deepEqual(result.hears('a'), sumOf(frame(2000), frame(700)));
    assert.deepEqual(Array.from(result.publication.sum ?? []), Array.from(sumOf(frame(1000), frame(2000))), 'it publishes only its own members');
  });
});

describe('loudest-speaker mix', () => {
  // Levels: 8000 ≈ −12 dBov, 4000 ≈ −18, 2000 ≈ −24, 1000 ≈ −30: all talking.
  const frames = { loud: frame(8000), second: frame(4000), third: frame(2000), fourth: frame(1000) };
  const all = () => Object.entries(frames).map(([key, pcm]) => member(key, pcm));

  test('only the loudest three are mixed; each speaker hears the other two, everyone else hears the three', () => {
    const mix = new ConferenceMix({ mode: 'loudest', selector: { maxSpeakers: 3 } });
    const result = mixFor(mix, 5, all());
    assert.deepEqual([...result.speakers].sort(), ['loud', 'second', 'third']);
    assert.deepEqual(result.hears('loud'), sumOf(frames.second, frames.third));
    assert.deepEqual(result.hears('second'), sumOf(frames.loud, frames.third));
    assert.deepEqual(result.hears('third'), sumOf(frames.loud, frames.second));
    assert.deepEqual(result.hears('fourth'), sumOf(frames.loud, frames.second, frames.third));
    assert.equal(result.hearsShared('fourth'), true);
    assert.equal(result.hearsShared('loud'), false);
  });

  test('a member never hears its own frame, whoever speaks', () => {
    const mix = new ConferenceMix({ mode: 'loudest', selector: { maxSpeakers: 2 } });
    for (let tick = 0; tick < 60; tick++) {
      // Voices come and go: each member's frame is a distinct constant, so its presence shows.
      const keys = ['a', 'b', 'c', 'd'];
      const framesNow = keys.map((key, i) => member(key, Int16Array.from({ length: N }, () => ((tick + i * 7) % 11 < 6 ? 1 << (i + 9) : 0))));
      const result = mix.mix(framesNow, []);
      for (const [i, key] of keys.entries()) {
        const own = 1 << (i + 9);
        const heard = result.hears(key)[0] ?? 0;
        assert.equal(heard & own, 0, `tick ${tick}: ${key} hears ${heard}, which holds its own ${own}`);
      }
    }
  });

  test('a muted member is never selected, however loud', () => {
    const mix = new ConferenceMix({ mode: 'loudest', selector: { maxSpeakers: 3 } });
    const result = mixFor(mix, 5, [member('shouting', frame(20000), true), member('a', frame(1000))]);
    assert.deepEqual(result.speakers, ['a']);
    assert.deepEqual(result.hears('shouting'), frame(1000));
  });

  test('speakers changes are reported once, when they change', () => {
    const mix = new ConferenceMix({ mode: 'loudest' });
    const changes: string[][] = [];
    for (let tick = 0; tick < 80; tick++) {
      const result = mix.mix([member('a', tick < 10 ? frame(4000) : new Int16Array(N)), member('b', new Int16Array(N))], []);
      if (result.speakersChanged) changes.push([...result.speakers]);
    }
    assert.deepEqual(changes, [['a'], []]);
  });

  test('a remote speaker’s PCM is mixed for local listeners', () => {
    const mix = new ConferenceMix({ mode: 'loudest' });
    const remote = { candidates: [{ key: '1:0', levelDb: -15, pcm: Float32Array.from(frame(3000)) }] };
    let result = mix.mix([member('0:0', new Int16Array(N))], [remote]);
    for (let i = 0; i < 3; i++) result = mix.mix([member('0:0', new Int16Array(N))], [remote]);
    assert.deepEqual(result.speakers, ['1:0']);
    assert.deepEqual(result.hears('0:0'), frame(3000));
  });

  test('publishes its own speakers with their PCM for the other shards', () => {
    const mix = new ConferenceMix({ mode: 'loudest', selector: { maxSpeakers: 1 } });
    const result = mixFor(mix, 5, [member('0:0', frame(4000)), member('0:1', frame(1000))]);
    assert.deepEqual(result.publication.candidates.map((c) => c.key), ['0:0', '0:1']);
    assert.deepEqual(Array.from(result.publication.candidates[0]?.pcm ?? []), Array.from(frame(4000)));
  });
});

describe('clipping protection', () => {
  test('a sum beyond full scale bends below it instead of wrapping; a sum under the knee is exact', () => {
    const mix = new ConferenceMix({ mode: 'full' });
    const loud = Int16Array.from({ length: N }, () => 30000);
    const result = mix.mix([member('a', loud), member('b', loud), member('c', loud), member('listener', new Int16Array(N))], []);
    const heard = result.hears('listener');
    assert.ok(heard.every((sample) => sample > SOFT_CLIP_KNEE && sample <= 32767), `${heard[0]}`);
    const quiet = mix.mix([member('a', frame(10000)), member('b', frame(12000)), member('listener', new Int16Array(N))], []);
    assert.deepEqual(quiet.hears('listener'), sumOf(frame(10000), frame(12000)));
    const negative = mix.mix([member('a', Int16Array.from({ length: N }, () => -30000)), member('b', Int16Array.from({ length: N }, () => -30000)), member('l', new Int16Array(N))], []);
    assert.ok(negative.hears('l').every((sample) => sample < -SOFT_CLIP_KNEE && sample >= -32767));
  });
});
