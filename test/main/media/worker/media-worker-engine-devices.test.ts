import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { BindingLoadResult } from '../../../../src/main/media/devices/audio-device-binding.js';
import { AudioDeviceError } from '../../../../src/main/media/devices/audio-device-error.js';
import type { CallStatistics } from '../../../../src/main/media/rtcp/call-statistics.js';
import { MediaWorkerEngine } from '../../../../src/main/media/worker/media-worker-engine.js';
import type { CreatedSession, MediaWorkerMessage, SessionOptions } from '../../../../src/main/media/worker/media-worker-protocol.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { FakeAudioBackend, fakeDevice, settle } from '../devices/fake-audio-backend.js';
import { NEGOTIATED } from '../session/session-pair.js';

const LOOPBACK = { host: '127.0.0.1' };

function headsetBackend(): FakeAudioBackend {
  return new FakeAudioBackend([fakeDevice(0, 'Headset', 1, 1), fakeDevice(1, 'default', 2, 2), fakeDevice(2, 'HDMI', 0, 8)], { input: 1, output: 1 });
}

/** An engine on fake time and a fake sound card, with everything it posted. */
function engineWith(load: () => BindingLoadResult) {
  const clock = new FakeClock();
  const posted: MediaWorkerMessage[] = [];
  const engine = new MediaWorkerEngine((message) => posted.push(message), clock, { devices: { load, streams: { clock } } });
  let nextId = 1;
  const ask = async (method: string, params: unknown): Promise<MediaWorkerMessage> => {
    const id = nextId++;
    await engine.handle({ id, method, params });
    const answer = posted.find((message) => message.type === 'response' && message.id === id);
    assert.ok(answer, `an answer to ${method}`);
    return answer;
  };
  const value = async <T>(method: string, params: unknown): Promise<T> => {
    const answer = await ask(method, params);
    assert.ok(answer.type === 'response' && answer.ok, `${method} succeeds: ${JSON.stringify(answer)}`);
    return answer.value as T;
  };
  const events = (name: string) => posted.filter((message) => message.type === 'event' && message.name === name).map((message) => (message.type === 'event' ? message.payload : undefined));
  return { engine, clock, posted, ask, value, events };
}

const session = (source: SessionOptions['source'], sink: SessionOptions['sink']): SessionOptions => ({ codec: NEGOTIATED.PCMU, source, sink, local: LOOPBACK, statisticsIntervalMs: 0 });

describe('MediaWorkerEngine with sound cards', () => {
  test('listDevices answers every device with its channels and default flags', async () => {
    const { value } = engineWith(() => ({ ok: true, backend: headsetBackend() }));
    const devices = await value<Array<{ name: string; maxInputChannels: number; maxOutputChannels: number; isDefaultInput: boolean; isDefaultOutput: boolean }>>('listDevices', {});
    assert.deepEqual(
      devices.map(({ name, maxInputChannels, maxOutputChannels, isDefaultInput, isDefaultOutput }) => [name, maxInputChannels, maxOutputChannels, isDefaultInput, isDefaultOutput]),
      [
        ['Headset', 1, 1, false, false],
        ['default', 2, 2, true, true],
        ['HDMI', 0, 8, false, false],
      ],
    );
  });

  test('without naudiodon, listDevices answers an empty list, not an error', async () => {
    let loads = 0;
    const { value } = engineWith(() => (loads++, { ok: false, error: new AudioDeviceError('AUDIO_BACKEND_UNAVAILABLE', 'naudiodon binding cannot be loaded') }));
    assert.deepEqual(await value('listDevices', {}), []);
    assert.deepEqual(await value('listDevices', {}), []);
    assert.equal(loads, 1, 'the binding is tried once per engine');
  });

  test('a session opens its devices, and their deviceOpened events follow the createSession answer', async () => {
    const backend = headsetBackend();
    const { engine, posted, value, events } = engineWith(() => ({ ok: true, backend }));
    const created = await value<CreatedSession>('createSession', { sessionId: 's1', options: session({ kind: 'device', name: 'Headset' }, { kind: 'device' }) });
    await settle();
    await value('closeSession', { sessionId: 's1' });
    assert.deepEqual(
      backend.streams.map((stream) => [stream.direction, backend.nameOf(stream)]),
      [
        ['input', 'Headset'],
        ['output', 'default'],
      ],
    );
    assert.deepEqual(events('deviceOpened'), [
      { sessionId: 's1', direction: 'input', name: 'Headset', sampleRate: 48000, channelCount: 1 },
      { sessionId: 's1', direction: 'output', name: 'default', sampleRate: 48000, channelCount: 1 },
    ]);
    const answerAt = posted.findIndex((message) => message.type === 'response');
    const firstEventAt = posted.findIndex((message) => message.type === 'event');
    assert.ok(answerAt < firstEventAt, 'the answer comes first');
    assert.equal(created.sessionId, 's1');
    assert.ok(backend.streams.every((stream) => stream.quitCalled), 'closing the session closes its devices');
    assert.equal(engine.sessionCount, 0);
  });

  test('a device that vanishes mid-call falls back, with an event, and the session keeps sending', async () => {
    const backend = headsetBackend();
    const { engine, clock, value, events } = engineWith(() => ({ ok: true, backend }));
    try {
      const peer = await value<CreatedSession>('createSession', { sessionId: 'peer', options: session({ kind: 'silence' }, { kind: 'null' }) });
      const remote = { address: '127.0.0.1', port: (peer.localAddress?.port ?? 0) };
      await value('createSession', { sessionId: 'call', options: { ...session({ kind: 'device', name: 'Headset' }, { kind: 'null' }), remote } });
      await value('startSession', { sessionId: 'call' });
      clock.advance(200);
      const before = await value<CallStatistics>('getStatistics', { sessionId: 'call' });
      backend.streams[0]?.die();
      await settle();
      assert.deepEqual(events('deviceFellBack'), [{ sessionId: 'call', direction: 'input', from: 'Headset', to: 'default', reason: 'the capture stream finished' }]);
      clock.advance(200);
      const after = await value<CallStatistics>('getStatistics', { sessionId: 'call' });
      assert.equal(after.packetsSent - before.packetsSent, 10, 'a packet every 20 ms after the fallback');
      assert.deepEqual([events('sessionClosed'), events('failed')], [[], []]);
      assert.equal(engine.sessionCount, 2);
    } finally {
      await value('shutdown', {});
    }
  });

  test('a device that cannot be opened is a MEDIA_DEVICE_UNAVAILABLE answer; nothing is left open', async () => {
    const noMicrophone = new FakeAudioBackend([fakeDevice(0, 'HDMI', 0, 2)], { input: undefined, output: 0 });
    const cases: ReadonlyArray<readonly [string, BindingLoadResult, SessionOptions]> = [
      ['no input device', { ok: true, backend: noMicrophone }, session({ kind: 'device' }, { kind: 'device' })],
      ['naudiodon missing', { ok: false, error: new AudioDeviceError('AUDIO_BACKEND_UNAVAILABLE', 'naudiodon binding cannot be loaded') }, session({ kind: 'tone', frequencyHz: 440 }, { kind: 'device' })],
    ];
    for (const [what, loaded, options] of cases) {
      const { engine, ask } = engineWith(() => loaded);
      const answer = await ask('createSession', { sessionId: 'x', options });
      assert.ok(answer.type === 'response' && !answer.ok, `${what}: refused`);
      assert.equal(answer.error.code, 'MEDIA_DEVICE_UNAVAILABLE', what);
      assert.match(answer.error.message, /no audio (input|output)/, what);
      assert.equal(engine.sessionCount, 0, what);
    }
  });

  test('a sink that cannot be opened closes the source device already opened', async () => {
    const microphoneOnly = new FakeAudioBackend([fakeDevice(0, 'Headset', 1, 0)], { input: 0, output: undefined });
    const { ask } = engineWith(() => ({ ok: true, backend: microphoneOnly }));
    const answer = await ask('createSession', { sessionId: 'x', options: session({ kind: 'device' }, { kind: 'device' }) });
    assert.ok(answer.type === 'response' && !answer.ok && answer.error.code === 'MEDIA_DEVICE_UNAVAILABLE', JSON.stringify(answer));
    assert.deepEqual(
      microphoneOnly.streams.map((stream) => [stream.direction, stream.quitCalled]),
      [['input', true]],
    );
  });
});
