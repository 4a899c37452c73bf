import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RING_PATTERNS, renderRingPeriod } from '../../src/renderer/alerts/ring-pattern.js';
import { RingtonePlayer, type RingAudioContext, type RingBuffer, type RingSource, type RingtonePlayback } from '../../src/renderer/alerts/ringtone-player.js';

class FakeBuffer implements RingBuffer {
  samples: Float32Array | null = null;
  copyToChannel(source: Float32Array<ArrayBuffer>, channel: number): void {
    assert.equal(channel, 0);
    this.samples = source.slice();
  }
}

class FakeSource implements RingSource {
  buffer: RingBuffer | null = null;
  loop = false;
  started = false;
  stopped = false;
  connected = false;
  readonly #ended: Array<() => void> = [];
  connect(): unknown {
    this.connected = true;
    return undefined;
  }
  disconnect(): void {
    this.connected = false;
  }
  start(): void {
    this.started = true;
  }
  stop(): void {
    this.stopped = true;
  }
  addEventListener(_type: 'ended', listener: () => void): void {
    this.#ended.push(listener);
  }
  /** The browser's `ended`: a one-shot buffer played to its end. */
  end(): void {
    for (const listener of this.#ended) listener();
  }
}

/** An AudioContext that is `running` unless the autoplay rules hold it `suspended`. */
class FakeContext implements RingAudioContext {
  state: string;
  readonly sampleRate = 48_000;
  readonly destination = {};
  readonly sources: FakeSource[] = [];
  buffersMade = 0;
  sinkId: string | null = null;
  /** Whether `resume` is allowed (a user gesture happened, or autoplay is allowed). */
  mayRun: boolean;
  readonly #listeners: Array<() => void> = [];
  constructor(mayRun: boolean) {
    this.mayRun = mayRun;
    this.state = mayRun ? 'running' : 'suspended';
  }
  createBuffer(channels: number, length: number, sampleRate: number): RingBuffer {
    assert.equal(channels, 1);
    assert.equal(sampleRate, this.sampleRate);
    assert.ok(length > 0);
    this.buffersMade++;
    return new FakeBuffer();
  }
  createBufferSource(): RingSource {
    const source = new FakeSource();
    this.sources.push(source);
    return source;
  }
  async resume(): Promise<void> {
    if (this.mayRun) this.#become('running');
  }
  async suspend(): Promise<void> {
    this.#become('suspended');
  }
  addEventListener(_type: 'statechange', listener: () => void): void {
    this.#listeners.push(listener);
  }
  setSinkId = async (sinkId: string): Promise<void> => {
    this.sinkId = sinkId;
  };
  #become(state: string): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.#listeners) listener();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setUp(mayRun = true) {
  const context = new FakeContext(mayRun);
  const player = new RingtonePlayer(() => context);
  const states: RingtonePlayback[] = [];
  player.onStateChanged((state) => states.push(state));
  return { context, player, states };
}

test('a ring loops one rendered period of its pattern until it is stopped', async () => {
  const { context, player, states } = setUp();
  let over = false;
  const ringing = player.play('classic', { loop: true }).then(() => (over = true));
  const [source] = context.sources;
  assert.ok(source?.started && source.loop && source.connected);
  assert.deepEqual((source.buffer as FakeBuffer).samples, renderRingPeriod(RING_PATTERNS.classic, 48_000));
  assert.equal(player.state, 'playing');
  await settle();
  assert.equal(over, false, 'a ring goes on until stopped');

  player.stop();
  await ringing;
  assert.ok(source.stopped && !source.connected);
  assert.equal(player.state, 'idle');
  await settle();
  assert.equal(context.state, 'suspended', 'the context holds no audio device between rings');
  assert.deepEqual(states, ['playing', 'idle']);
});

test('a preview plays one round and is over when the buffer ends', async () => {
  const { context, player } = setUp();
  const preview = player.play('soft', { loop: false });
  const [source] = context.sources;
  assert.equal(source?.loop, false);
  source?.end();
  await preview;
  assert.equal(player.state, 'idle');
});

test('a ring held back by autoplay rules says so, and sounds after the first click', async () => {
  const { context, player, states } = setUp(false);
  void player.play('classic', { loop: true });
  await settle();
  assert.equal(player.state, 'blocked');
  context.mayRun = true; // the user clicked somewhere in the page
  player.unlock();
  await settle();
  assert.equal(player.state, 'playing');
  assert.deepEqual(states, ['blocked', 'playing']);
});

test('the next ring resumes the context the last one suspended, and reuses its rendered buffer', async () => {
  const { context, player } = setUp();
  void player.play('classic', { loop: true });
  player.stop();
  void player.play('classic', { loop: true });
  await settle();
  assert.equal(context.state, 'running');
  assert.equal(player.state, 'playing');
  assert.equal(context.buffersMade, 1);
  player.stop();
});

test('playing again replaces the ring that plays, so two never overlap', () => {
  const { context, player } = setUp();
  void player.play('classic', { loop: true });
  void player.play('soft', { loop: false });
  assert.equal(context.sources[0]?.stopped, true);
  assert.equal(context.sources[1]?.started, true);
  player.stop();
});

test('the ring goes to the chosen output where the browser allows it', async () => {
  const { context, player } = setUp();
  assert.equal(await player.setSink('b2'), true);
  assert.equal(context.sinkId, 'b2');
  const plain = new RingtonePlayer(() => Object.assign(new FakeContext(true), { setSinkId: undefined }));
  assert.equal(await plain.setSink('b2'), false);
});

test('without Web Audio the ring is reported unsupported, not thrown', async () => {
  const player = new RingtonePlayer(() => null);
  await player.play('classic', { loop: true });
  assert.equal(player.state, 'unsupported');
  const failing = new RingtonePlayer(() => {
    throw new Error('no audio');
  });
  await failing.play('classic', { loop: true });
  assert.equal(failing.state, 'unsupported');
});
