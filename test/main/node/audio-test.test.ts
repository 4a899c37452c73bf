import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { CallView } from '../../../src/shared/api-contract.js';
import { ApiService, type CommandHandlers } from '../../../src/main/api/api-service.js';
import { dominantFrequency, measureLevel, readWav } from '../../../src/main/media/audio/index.js';
import type { AudioDevice, CreatedSession, MediaWorkerEvents, SessionOptions } from '../../../src/main/media/index.js';
import type { CallStatistics } from '../../../src/main/media/index.js';
import { AUDIO_TEST_LIMIT_MS, AudioTest, audioTestCommands, type AudioTestLevels, type AudioTestMedia } from '../../../src/main/node/audio-test.js';
import { TEST_TONE, testTonePcm } from '../../../src/main/node/audio-test-tone.js';
import { TypedEmitter } from '../../../src/main/typed-emitter.js';
import { FakeClock } from '../../helpers/fake-clock.js';

const STATISTICS: CallStatistics = {
  packetsSent: 0, packetsReceived: 0, packetsLost: 0, lossFraction: 0, jitterMs: 0, roundTripTimeMs: null, concealedFrames: 0, playoutDelayMs: 0, mos: 4.4, oneWayDelayMs: 0,
};

function soundCard(name: string, inputs: number, outputs: number): AudioDevice {
  return { id: 0, name, hostApi: 'ALSA', maxInputChannels: inputs, maxOutputChannels: outputs, defaultSampleRate: 48000, isDefaultInput: inputs > 0, isDefaultOutput: outputs > 0 };
}

/**
 * A media worker as the audio test sees it: it keeps the sessions it was asked for, reads a WAV
 * source when the session is made (as the real worker does, so the tone file can be checked),
 * and lets the test post the worker's events.
 */
class FakeMedia extends TypedEmitter<MediaWorkerEvents> implements AudioTestMedia {
  readonly sessions = new Map<string, { options: SessionOptions; started: boolean; localPort: number; tone?: Float32Array }>();
  readonly closed: string[] = [];
  devices: AudioDevice[];
  #port = 40000;

  constructor(devices: AudioDevice[]) {
    super();
    this.devices = devices;
  }

  async listDevices(): Promise<AudioDevice[]> {
    return this.devices;
  }

  async createSession(sessionId: string, options: SessionOptions): Promise<CreatedSession> {
    const localPort = this.#port++;
    const wav = options.source.kind === 'wav' ? readWav(readFileSync(options.source.path)) : undefined;
    if (wav && !wav.ok) throw new Error('an unreadable WAV');
    this.sessions.set(sessionId, { options, started: false, localPort, ...(wav?.ok ? { tone: wav.value.channels[0] } : {}) });
    return { sessionId, localAddress: { address: '127.0.0.1', port: localPort }, ssrc: 1, devices: {} };
  }

  async startSession(sessionId: string): Promise<null> {
    const session = this.sessions.get(sessionId);
    assert.ok(session, `${sessionId} was created before it was started`);
    session.started = true;
    return null;
  }

  async closeSession(sessionId: string): Promise<CallStatistics> {
    this.sessions.delete(sessionId);
    this.closed.push(sessionId);
    return STATISTICS;
  }

  session(kind: 'tone' | 'meter') {
    const found = [...this.sessions.entries()].find(([id]) => id.endsWith(`-${kind}`));
    assert.ok(found, `a ${kind} session`);
    return { id: found[0], ...found[1] };
  }
}

const level = (rmsDbfs: number) => ({ rmsDbfs, peakDbfs: rmsDbfs + 3 });
const SILENCE = { rmsDbfs: -100, peakDbfs: -100 };

function setup(devices = [soundCard('Headset', 1, 1), soundCard('Speakers', 0, 2)], calls: CallView[] = []) {
  const clock = new FakeClock();
  const media = new FakeMedia(devices);
  const lent = { acquired: 0, released: 0 };
  const chosen = { input: 'Headset' as string | undefined, output: 'Speakers' as string | undefined };
  const audioTest = new AudioTest({
    acquire: () => {
      lent.acquired++;
      return { media, release: async () => void lent.released++ };
    },
    devices: () => chosen,
    clock,
  });
  const levels: AudioTestLevels[] = [];
  const commands = audioTestCommands(audioTest, () => calls, (name, payload) => name === 'audioTestLevelsMeasured' && levels.push(payload as AudioTestLevels));
  const api = new ApiService(commands as unknown as CommandHandlers, (command, error) => assert.fail(`${command} faulted: ${String(error)}`));
  return { clock, media, lent, chosen, audioTest, levels, api };
}

const aCall: CallView = {
  callId: 'c1', direction: 'outgoing', remoteUri: 'sip:bob@example.test', remoteDisplayName: null, state: 'established', setupPhase: 'ringing',
  localHold: false, remoteHold: false, muted: false, codec: 'opus/48000', startedAt: 0, establishedAt: 1, input: 'default', output: 'default',
};

describe('the test tone', () => {
  test('is 440 Hz at −12 dBFS peak, beeping half a second in every second', () => {
    const pcm = testTonePcm(2000);
    assert.equal(pcm.length, 96000);
    assert.ok(Math.abs(dominantFrequency(pcm, 48000) - TEST_TONE.frequencyHz) < 1);
    assert.ok(Math.abs(measureLevel(pcm).peakDbfs + 12) < 0.1, `peak ${measureLevel(pcm).peakDbfs} dBFS`);
    const beep = measureLevel(pcm.subarray(4800, 19200));
    const gap = measureLevel(pcm.subarray(28800, 43200));
    assert.ok(Math.abs(beep.rmsDbfs + 15) < 0.2, `a beep reads ${beep.rmsDbfs} dBFS RMS (a sine is 3 dB under its peak)`);
    assert.equal(gap.peakDbfs, -100, 'the gap is silent');
    assert.ok(Math.abs(pcm[0] ?? 1) < 50 && Math.abs(pcm[23999] ?? 1) < 50, 'each beep fades in and out: no click');
  });
});

describe('the audio test', () => {
  test('plays the tone to the chosen loudspeaker, meters the chosen microphone five times a second, and stops itself after 10 s', async () => {
    const { clock, media, lent, audioTest, levels, api } = setup();
    assert.deepEqual(await api.dispatch('startAudioTest', {}), { ok: true, value: { running: true } });
    const tone = media.session('tone');
    const meter = media.session('meter');
    assert.deepEqual([tone.options.source.kind, tone.options.sink.kind, tone.options.direction], ['wav', 'null', 'sendonly']);
    assert.ok(tone.tone && tone.tone.length === (48000 * AUDIO_TEST_LIMIT_MS) / 1000, 'ten seconds of tone');
    assert.ok(Math.abs(dominantFrequency(tone.tone, 48000) - 440) < 1);
    assert.deepEqual([meter.options.source, meter.options.sink, meter.options.direction], [{ kind: 'device', name: 'Headset' }, { kind: 'device', name: 'Speakers' }, 'recvonly']);
    assert.equal(meter.options.levelIntervalMs, 200);
    assert.deepEqual(meter.options.remote, { address: '127.0.0.1', port: tone.localPort }, 'the meter session hears the tone session over loopback');
    assert.ok(tone.started && meter.started);

    media.emit('levels', { sessionId: meter.id, input: level(-30), output: level(-15), muted: false });
    media.emit('levels', { sessionId: tone.id, input: level(-15), output: level(-100), muted: false });
    assert.deepEqual(levels, [{ input: level(-30), output: level(-15), running: true }], 'the meter session’s levels, not the tone session’s');

    clock.advance(AUDIO_TEST_LIMIT_MS - 1);
    assert.equal(audioTest.running, true);
    clock.advance(1);
    assert.equal(audioTest.running, false);
    await audioTest.stop();
    assert.deepEqual(levels.at(-1), { input: SILENCE, output: SILENCE, running: false });
    assert.deepEqual(media.sessions.size, 0, 'both sessions closed');
    assert.deepEqual([lent.acquired, lent.released], [1, 1]);
    assert.equal(clock.pendingTimers, 0);
  });

  test('a second start keeps the test that runs; stop ends it with running: false', async () => {
    const { media, levels, api, clock } = setup();
    const [first, second] = await Promise.all([api.dispatch('startAudioTest', {}), api.dispatch('startAudioTest', {})]);
    assert.deepEqual([first, second], [{ ok: true, value: { running: true } }, { ok: true, value: { running: true } }]);
    assert.deepEqual(await api.dispatch('startAudioTest', {}), { ok: true, value: { running: true } });
    assert.equal(media.sessions.size, 2, 'one tone session and one meter session');
    assert.deepEqual(await api.dispatch('stopAudioTest', {}), { ok: true, value: { running: false } });
    assert.deepEqual(levels.map((l) => l.running), [false]);
    assert.equal(media.sessions.size, 0);
    assert.equal(clock.pendingTimers, 0, 'the 10 s limit died with the test');
    assert.deepEqual(await api.dispatch('stopAudioTest', {}), { ok: true, value: { running: false } }, 'stopping a stopped test is no error');
    assert.equal(levels.length, 1, 'and says nothing twice');
  });

  test('refuses during a call, with AUDIO_TEST_IN_CALL, and touches no device', async () => {
    const { media, lent, audioTest, api } = setup(undefined, [aCall]);
    const refused = await api.dispatch('startAudioTest', {});
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.error.code, 'UNAVAILABLE');
    assert.match(!refused.ok ? refused.error.message : '', /during a call/);
    await assert.rejects(audioTestCommands(audioTest, () => [aCall], () => undefined).startAudioTest({}) as Promise<unknown>, { code: 'AUDIO_TEST_IN_CALL' });
    assert.deepEqual([media.sessions.size, lent.acquired], [0, 0]);
  });

  test('an ended call does not count as one in progress', async () => {
    const { api } = setup(undefined, [{ ...aCall, state: 'ended' }]);
    assert.deepEqual(await api.dispatch('startAudioTest', {}), { ok: true, value: { running: true } });
    await api.dispatch('stopAudioTest', {});
  });

  test('says "no audio devices found" on a machine without sound cards, and gives the worker back', async () => {
    const { media, lent, audioTest, api, levels } = setup([]);
    assert.deepEqual(await api.dispatch('startAudioTest', {}), { ok: false, error: { code: 'UNAVAILABLE', message: 'no audio devices found' } });
    await assert.rejects(audioTest.start(), { name: 'AudioTestError', code: 'AUDIO_TEST_NO_DEVICES' });
    assert.equal(audioTest.running, false);
    assert.deepEqual([media.sessions.size, lent.acquired, lent.released, levels.length], [0, 2, 2, 0]);
  });

  test('with a loudspeaker but no microphone, plays the tone and meters silence', async () => {
    const { media, audioTest } = setup([soundCard('Speakers', 0, 2)]);
    await audioTest.start();
    assert.deepEqual([media.session('meter').options.source, media.session('meter').options.sink], [{ kind: 'silence' }, { kind: 'device', name: 'Speakers' }]);
    await audioTest.stop();
  });

  test('a device that cannot be opened is AUDIO_TEST_DEVICE_FAILED, and what was opened is closed', async () => {
    const { media, audioTest, lent } = setup();
    media.createSession = async function (this: FakeMedia, sessionId: string, options: SessionOptions) {
      if (sessionId.endsWith('-meter')) throw new Error('no audio input: AUDIO_DEVICE_NOT_FOUND');
      return FakeMedia.prototype.createSession.call(this, sessionId, options);
    };
    await assert.rejects(audioTest.start(), (error: Error & { code?: string }) => error.code === 'AUDIO_TEST_DEVICE_FAILED' && /AUDIO_DEVICE_NOT_FOUND/.test(error.message));
    assert.deepEqual([media.sessions.size, media.closed.length, lent.released], [0, 1, 1]);
  });

  test('a crashed media worker ends the test with running: false', async () => {
    const { media, audioTest, levels } = setup();
    await audioTest.start();
    media.emit('failed', { code: 'MEDIA_WORKER_CRASHED', message: 'the media process exited' });
    assert.equal(audioTest.running, false);
    assert.deepEqual(levels.map((l) => l.running), [false]);
    await audioTest.stop();
  });

  test('a stop while it starts ends it once the sessions exist, and a new start begins afresh', async () => {
    const { media, audioTest, levels } = setup();
    const starting = audioTest.start();
    const stopped = audioTest.stop();
    assert.deepEqual(await starting, { running: false });
    await stopped;
    assert.equal(media.sessions.size, 0);
    assert.deepEqual(levels.map((l) => l.running), [false]);
    assert.deepEqual(await audioTest.start(), { running: true });
    assert.equal(media.sessions.size, 2);
    await audioTest.stop();
  });
});
