import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConferenceBoard } from '../../../../src/main/media/mixer/conference-board.js';
import { candidatesPerShard } from '../../../../src/main/media/mixer/conference-mix.js';
import { ConferenceShard } from '../../../../src/main/media/mixer/conference-shard.js';
import { MemorySink, NullSink, type AudioSource } from '../../../../src/main/media/session/audio-io.js';
import { createCodec } from '../../../../src/main/media/codecs/create-codec.js';
import { toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { sine } from '../audio/test-signals.js';

const N = 960;

/** A source that says `value` in every sample and counts its frames (which tick a frame came from). */
function constant(value: number): AudioSource {
  return { read: (n) => new Int16Array(n).fill(value) };
}

function toneSource(frequency: number): AudioSource {
  let offset = 0;
  return { read: (n) => sine(frequency, 48000, n, 0.3, (offset += n) - n) };
}

function shards(count: number, mode: 'loudest' | 'full' = 'loudest') {
  const buffer = ConferenceBoard.allocate(count, candidatesPerShard(3));
  const speaking: string[][][] = Array.from({ length: count }, () => []);
  return Array.from({ length: count }, (_, shard) => {
    const board = new ConferenceBoard(buffer, count, candidatesPerShard(3));
    return {
      shard: new ConferenceShard({ conferenceId: 'c', shard, board, mode, maxSpeakers: 3, onSpeaking: (ids) => speaking[shard]?.push([...ids]), onMemberLeft: () => undefined }),
      speaking: speaking[shard] ?? [],
    };
  });
}

describe('the conference board', () => {
  test('a publication is read back for its tick only, and absent before anything is published', () => {
    const buffer = ConferenceBoard.allocate(2, 3);
    const writer = new ConferenceBoard(buffer, 2, 3);
    const reader = new ConferenceBoard(buffer, 2, 3);
    assert.equal(reader.read(1, 0), undefined, 'nothing published for tick 0 yet');
    const pcm = Int16Array.from({ length: N }, (_, n) => n - 480);
    writer.publish(1, 41, { candidates: [{ slot: 7, levelDb: -21.5, pcm }, { slot: 9, levelDb: -30 }] });
    const read = reader.read(1, 41);
    assert.ok(read);
    assert.deepEqual(read.candidates.map((c) => [c.slot, c.levelDb, c.pcm === undefined]), [[7, -21.5, false], [9, -30, true]]);
    assert.deepEqual(Array.from(read.candidates[0]?.pcm ?? []), Array.from(pcm));
    assert.equal(read.sum, undefined);
    assert.equal(reader.read(1, 40), undefined);
    assert.equal(reader.read(1, 45), undefined, 'a ring slot holds one tick at a time');
    assert.equal(reader.read(0, 41), undefined, 'each shard has its own part');
  });
});

describe('a conference shard', () => {
  test('its session members hear the others in the same tick, and a member on another shard one tick later', () => {
    // Full mix-minus: everyone is mixed from the first tick (loudest-speaker selection takes a few).
    const [a, b] = shards(2, 'full');
    assert.ok(a && b);
    const heard: Record<string, number[]> = { x: [], y: [], z: [] };
    // x and y on shard 0 (sessions), z on shard 1 (a local member): each says a distinct constant.
    const x = a.shard.joinSession('x', { encodingName: 'opus' });
    const y = a.shard.joinSession('y', { encodingName: 'opus' });
    const zSink = new MemorySink();
    b.shard.joinLocal('z', constant(400), zSink);
    for (let tick = 100; tick < 110; tick++) {
      x.write(new Int16Array(N).fill(1000));
      y.write(new Int16Array(N).fill(tick === 105 ? 0 : 2000));
      a.shard.step(tick);
      b.shard.step(tick);
      heard['x']?.push(x.read(N)[0] ?? 0);
      heard['y']?.push(y.read(N)[0] ?? 0);
    }
    // x hears y (2000, gone in tick 105 only) and, from tick 101 on, z (400) through the board.
    assert.deepEqual(heard['x']?.slice(0, 8), [2000, 2400, 2400, 2400, 2400, 400, 2400, 2400]);
    assert.deepEqual(heard['y']?.slice(0, 8), [1000, 1400, 1400, 1400, 1400, 1400, 1400, 1400]);
    const z = zSink.samples();
    // z hears x and y from the tick after they spoke (y's silence in tick 105 reaches it in 106).
    assert.deepEqual([0, 1, 2, 6, 7].map((frame) => z[frame * N]), [0, 3000, 3000, 1000, 3000]);
  });

  test('listeners who hear the same mix share one encode a tick; a speaker is encoded by its own session', () => {
    const [only] = shards(1);
    assert.ok(only);
    const listeners = Array.from({ length: 20 }, (_, i) => only.shard.joinSession(`l${i}`, { encodingName: 'opus' }));
    const pcmu = Array.from({ length: 3 }, (_, i) => only.shard.joinSession(`u${i}`, { encodingName: 'PCMU' }));
    only.shard.joinLocal('speaker', toneSource(440), new NullSink());
    const speakerPort = only.shard.joinSession('talker', { encodingName: 'opus' });
    const decoder = createCodec('opus').createDecoder();
    const pcmuDecoder = createCodec('PCMU').createDecoder();
    const decoded: Int16Array[] = [];
    const decodedPcmu: Int16Array[] = [];
    for (let tick = 0; tick < 50; tick++) {
      speakerPort.write(sine(1000, 48000, N, 0.3, tick * N));
      only.shard.step(tick);
      const payloads = listeners.map((port) => (port.read(N), port.preEncoded()));
      assert.ok(payloads.every((payload) => payload !== undefined && payload === payloads[0]), 'the same bytes for every Opus listener');
      const pcmuPayloads = pcmu.map((port) => port.preEncoded());
      assert.ok(pcmuPayloads[0] && pcmuPayloads.every((payload) => payload === pcmuPayloads[0]));
      assert.notEqual(pcmuPayloads[0], payloads[0]);
      decoded.push(decoder.decode(payloads[0] ?? new Uint8Array()));
      decodedPcmu.push(pcmuDecoder.decode(pcmuPayloads[0] ?? new Uint8Array()));
      if (tick > 5) assert.equal(speakerPort.preEncoded(), undefined, 'a speaker hears its own mix-minus and encodes it itself');
    }
    assert.equal(only.shard.sharedEncodes, 100, 'one Opus and one PCMU encode a tick for 23 listeners');
    const joined = (frames: Int16Array[]) => Int16Array.from(frames.slice(10).flatMap((f) => Array.from(f)));
    const share = { minShare: 0.3 };
    for (const [name, samples, rate] of [['Opus', joined(decoded), 48000], ['PCMU', joined(decodedPcmu), 8000]] as const) {
      assert.ok(toneRatio(samples, rate, 440, share) > 0.9 && toneRatio(samples, rate, 1000, share) > 0.9, `the ${name} listeners hear both voices: ${toneRatio(samples, rate, 440, share)}, ${toneRatio(samples, rate, 1000, share)}`);
    }
    decoder.delete();
  });

  test('a session member whose port closes leaves the mix by itself', () => {
    const left: string[] = [];
    const buffer = ConferenceBoard.allocate(1, 5);
    const shard = new ConferenceShard({ conferenceId: 'c', shard: 0, board: new ConferenceBoard(buffer, 1, 5), mode: 'full', maxSpeakers: 3, onSpeaking: () => undefined, onMemberLeft: (id) => left.push(id) });
    const port = shard.joinSession('m', { encodingName: 'opus' });
    const other = shard.joinSession('o', { encodingName: 'opus' });
    port.close();
    port.close();
    assert.deepEqual(left, ['m']);
    assert.equal(shard.memberCount, 1);
    assert.equal(shard.has('m'), false);
    other.write(new Int16Array(N).fill(5));
    shard.step(1);
    assert.equal(port.read(N)[0], 0, 'a closed port hears silence');
  });

  test('speaking events name the members whose voice is selected, on change only', () => {
    const [a, b] = shards(2);
    assert.ok(a && b);
    a.shard.joinLocal('alice', toneSource(500), new NullSink());
    b.shard.joinLocal('bob', constant(0), new NullSink());
    for (let tick = 0; tick < 20; tick++) {
      a.shard.step(tick);
      b.shard.step(tick);
    }
    assert.deepEqual(a.speaking, [['alice']]);
    assert.deepEqual(b.speaking, [], 'bob’s shard has no speaker of its own to report');
  });

  test('muting removes a member from every mix, on every shard', () => {
    const [a, b] = shards(2);
    assert.ok(a && b);
    const heardOnB = new MemorySink();
    a.shard.joinLocal('loud', constant(3000), new NullSink());
    b.shard.joinLocal('listener', constant(0), heardOnB);
    const step = (tick: number) => {
      a.shard.step(tick);
      b.shard.step(tick);
    };
    for (let tick = 0; tick < 10; tick++) step(tick);
    a.shard.setMuted('loud', true);
    for (let tick = 10; tick < 20; tick++) step(tick);
    const samples = heardOnB.samples();
    assert.equal(samples[9 * N], 3000);
    assert.equal(samples[11 * N], 0, 'muted from the next tick on (one tick of board delay)');
    assert.equal(samples[19 * N], 0);
  });
});
