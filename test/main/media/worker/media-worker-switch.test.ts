import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MediaWorkerEngine } from '../../../../src/main/media/worker/media-worker-engine.js';
import { MediaWorkerRequestSchema, type CreatedSession, type MediaWorkerMessage, type SessionOptions } from '../../../../src/main/media/worker/media-worker-protocol.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { FakeAudioBackend, fakeDevice, settle } from '../devices/fake-audio-backend.js';
import { NEGOTIATED } from '../session/session-pair.js';

/** `switchDevice`: a running session's microphone or loudspeaker moved to another sound card. */

const request = (params: unknown): unknown => ({ id: 7, method: 'switchDevice', params });

const accepted: ReadonlyArray<readonly [string, unknown]> = [
  ['a microphone by name', { sessionId: 's', direction: 'input', name: 'USB Headset' }],
  ['the default loudspeaker', { sessionId: 's', direction: 'output', name: null }],
];

const refused: ReadonlyArray<readonly [string, unknown]> = [
  ['no name at all (null is the default, absent is a mistake)', { sessionId: 's', direction: 'input' }],
  ['an empty name', { sessionId: 's', direction: 'input', name: '' }],
  ['a name longer than any device has', { sessionId: 's', direction: 'output', name: 'x'.repeat(513) }],
  ['a direction that is neither input nor output', { sessionId: 's', direction: 'both', name: null }],
  ['no session', { direction: 'input', name: null }],
  ['a name that is not a string', { sessionId: 's', direction: 'input', name: 5 }],
];

describe('media worker protocol: switchDevice', () => {
  for (const [what, params] of accepted) {
    test(`takes ${what}`, () => {
      const parsed = MediaWorkerRequestSchema.safeParse(request(params));
      assert.ok(parsed.success, what);
      assert.deepEqual(parsed.data.params, params);
    });
  }
  for (const [what, params] of refused) {
    test(`refuses ${what}`, () => assert.equal(MediaWorkerRequestSchema.safeParse(request(params)).success, false));
  }
});

function headsetBackend(): FakeAudioBackend {
  return new FakeAudioBackend([fakeDevice(0, 'Headset', 1, 1), fakeDevice(1, 'default', 2, 2)], { input: 1, output: 1 });
}

/** An engine on fake time and a fake sound card; `ask` returns the answer to one request. */
function engineWith(backend: FakeAudioBackend) {
  const clock = new FakeClock();
  const posted: MediaWorkerMessage[] = [];
  const engine = new MediaWorkerEngine((message) => posted.push(message), clock, { devices: { load: () => ({ ok: true, backend }), streams: { clock } } });
  let nextId = 1;
  const ask = async (method: string, params: unknown): Promise<MediaWorkerMessage & { type: 'response' }> => {
    const id = nextId++;
    await engine.handle({ id, method, params });
    const answer = posted.find((message): message is MediaWorkerMessage & { type: 'response' } => message.type === 'response' && message.id === id);
    assert.ok(answer, `an answer to ${method}`);
    return answer;
  };
  const value = async <T>(method: string, params: unknown): Promise<T> => {
    const answer = await ask(method, params);
    assert.ok(answer.ok, `${method} succeeds: ${JSON.stringify(answer)}`);
    return answer.value as T;
  };
  const events = (name: string): unknown[] => posted.flatMap((message) => (message.type === 'event' && message.name === name ? [message.payload] : []));
  return { engine, ask, value, events };
}

const session = (source: SessionOptions['source'], sink: SessionOptions['sink']): SessionOptions => ({
  codec: NEGOTIATED.PCMU,
  source,
  sink,
  local: { host: '127.0.0.1' },
  statisticsIntervalMs: 0,
});

describe('MediaWorkerEngine: switching a session’s device', () => {
  test('the createSession answer names the devices opened; a switch answers with the device now in use and tells deviceOpened', async () => {
    const backend = headsetBackend();
    const { value, events } = engineWith(backend);
    try {
      const created = await value<CreatedSession>('createSession', { sessionId: 's1', options: session({ kind: 'device', name: 'Headset' }, { kind: 'device' }) });
      assert.deepEqual(created.devices, { input: 'Headset', output: 'default' });
      await settle();
      const outcome = await value('switchDevice', { sessionId: 's1', direction: 'input', name: null });
      assert.deepEqual(outcome, { ok: true, direction: 'input', name: 'default' });
      assert.deepEqual(events('deviceOpened').at(-1), { sessionId: 's1', direction: 'input', name: 'default', sampleRate: 48000, channelCount: 1 });
      const back = await value('switchDevice', { sessionId: 's1', direction: 'input', name: 'Headset' });
      assert.deepEqual(back, { ok: true, direction: 'input', name: 'Headset' });
      assert.deepEqual(
        backend.streams.map((stream) => [stream.direction, backend.nameOf(stream), stream.quitCalled]),
        [
          ['input', 'Headset', true],
          ['output', 'default', false],
          ['input', 'default', true],
          ['input', 'Headset', false],
        ],
      );
      assert.deepEqual(events('deviceFellBack'), []);
    } finally {
      await value('shutdown', {});
    }
    assert.ok(backend.streams.every((stream) => stream.quitCalled), 'closing the session closes the switched device too');
  });

  test('a switch the device refuses is an answer with ok false, not an error: the old device stays', async () => {
    const backend = headsetBackend();
    const { value } = engineWith(backend);
    try {
      await value('createSession', { sessionId: 's1', options: session({ kind: 'silence' }, { kind: 'device', name: 'Headset' }) });
      const outcome = await value('switchDevice', { sessionId: 's1', direction: 'output', name: 'Bluetooth' });
      assert.deepEqual(outcome, { ok: false, direction: 'output', name: 'Headset', reason: 'there is no output device named "Bluetooth"' });
    } finally {
      await value('shutdown', {});
    }
  });

  test('a side that is not a sound card cannot be switched (MEDIA_NOT_A_DEVICE); an unknown session or a bad request is refused too', async () => {
    const backend = headsetBackend();
    const { ask, value } = engineWith(backend);
    try {
      const created = await value<CreatedSession>('createSession', { sessionId: 'tone', options: session({ kind: 'tone', frequencyHz: 440 }, { kind: 'null' }) });
      assert.deepEqual(created.devices, {});
      const cases: ReadonlyArray<readonly [string, unknown, string]> = [
        ['a tone as microphone', { sessionId: 'tone', direction: 'input', name: null }, 'MEDIA_NOT_A_DEVICE'],
        ['no loudspeaker', { sessionId: 'tone', direction: 'output', name: 'Headset' }, 'MEDIA_NOT_A_DEVICE'],
        ['a session that does not exist', { sessionId: 'nope', direction: 'input', name: null }, 'MEDIA_UNKNOWN_SESSION'],
        ['a bad direction', { sessionId: 'tone', direction: 'sideways', name: null }, 'MEDIA_BAD_REQUEST'],
      ];
      for (const [what, params, code] of cases) {
        const answer = await ask('switchDevice', params);
        assert.ok(!answer.ok, `${what}: refused`);
        assert.equal(answer.error.code, code, what);
      }
      const toneAnswer = await ask('switchDevice', { sessionId: 'tone', direction: 'input', name: null });
      assert.ok(!toneAnswer.ok);
      assert.match(toneAnswer.error.message, /no microphone to switch: its source is tone/);
      assert.equal(backend.streams.length, 0, 'no device was opened');
    } finally {
      await value('shutdown', {});
    }
  });
});
