import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { readWav } from '../../../../src/main/media/audio/wav-reader.js';
import { writeWav } from '../../../../src/main/media/audio/wav-writer.js';
import { isMediaSessionError } from '../../../../src/main/media/session/media-session-error.js';
import { MediaWorkerHost } from '../../../../src/main/media/worker/media-worker-host.js';
import type { SessionOptions } from '../../../../src/main/media/worker/media-worker-protocol.js';
import { NEGOTIATED, type TestCodec } from '../session/session-pair.js';
import { sine } from '../audio/test-signals.js';
import { nextEvent } from './host-events.js';

const LOOPBACK = { host: '127.0.0.1' };
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-media-worker-'));
  // 2 s tones; one at 44.1 kHz so the file path resamples like any `--play` file.
  writeFileSync(join(dir, 'a440.wav'), writeWav(sine(440, 48000, 96000, 0.5), 48000));
  writeFileSync(join(dir, 'b1000.wav'), writeWav(sine(1000, 44100, 88200, 0.5), 44100));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function connectedPair(host: MediaWorkerHost, name: string, a: Partial<SessionOptions> & Pick<SessionOptions, 'source' | 'sink'>, b: typeof a, codec: TestCodec) {
  const base = { codec: NEGOTIATED[codec], telephoneEventPayloadType: 101, local: LOOPBACK };
  const created = await Promise.all([host.createSession(`${name}-a`, { ...base, ...a }), host.createSession(`${name}-b`, { ...base, ...b })]);
  const [sessionA, sessionB] = created;
  await host.startSession(sessionA.sessionId, sessionB.localAddress ?? undefined);
  await host.startSession(sessionB.sessionId, sessionA.localAddress ?? undefined);
  return { a: sessionA.sessionId, b: sessionB.sessionId };
}

function recorded(path: string): Float32Array {
  const wav = readWav(readFileSync(path));
  assert.ok(wav.ok, `${path} is a complete WAV`);
  assert.equal(wav.value.sampleRate, 48000);
  return wav.value.channels[0] ?? new Float32Array(0);
}

describe('media sessions in a worker, over UDP on 127.0.0.1', () => {
  test('WAV files in, recordings out: each side records the other’s tone (Opus and PCMU at once)', async () => {
    const host = new MediaWorkerHost();
    try {
      const codecs: TestCodec[] = ['opus', 'PCMU'];
      const closed = codecs.flatMap((codec) => ['a', 'b'].map((side) => nextEvent(host, 'sessionClosed', (e) => e.sessionId === `${codec}-${side}`)));
      for (const codec of codecs) {
        const side = (play: string, record: string) => ({
          source: { kind: 'wav' as const, path: join(dir, play) },
          sink: { kind: 'wav' as const, path: join(dir, `${codec}-${record}`) },
          closeAfterSourceEndedMs: 100,
        });
        await connectedPair(host, codec, side('a440.wav', 'a-heard.wav'), side('b1000.wav', 'b-heard.wav'), codec);
      }
      const ends = await Promise.all(closed);
      for (const end of ends) {
        assert.equal(end.reason, 'sourceEnded');
        assert.ok(end.statistics.packetsReceived >= 90, `${end.sessionId}: ${end.statistics.packetsReceived} packets received`);
      }
      for (const codec of codecs) {
        // From 300 ms to the end of the 2 s tone: the first 300 ms hold the path's start-up.
        const window = (samples: Float32Array) => samples.subarray(0.3 * 48000, 2 * 48000);
        const aHeard = window(recorded(join(dir, `${codec}-a-heard.wav`)));
        const bHeard = window(recorded(join(dir, `${codec}-b-heard.wav`)));
        assert.ok(toneRatio(aHeard, 48000, 1000) >= 0.8, `${codec}: A hears 1000 Hz in ${toneRatio(aHeard, 48000, 1000)}`);
        assert.ok(toneRatio(bHeard, 48000, 440) >= 0.8, `${codec}: B hears 440 Hz in ${toneRatio(bHeard, 48000, 440)}`);
        assert.equal(toneRatio(aHeard, 48000, 440), 0, `${codec}: A does not hear itself`);
      }
    } finally {
      await host.close();
    }
    assert.equal(host.alive, false);
  });

  test('DTMF, levels, statistics and the controls go through the request channel', async () => {
    const host = new MediaWorkerHost();
    try {
      const tone = (frequencyHz: number) => ({ source: { kind: 'tone' as const, frequencyHz }, sink: { kind: 'null' as const }, statisticsIntervalMs: 200 });
      const { a, b } = await connectedPair(host, 'dtmf', tone(440), tone(1000), 'PCMU');
      const digits: string[] = [];
      host.on('dtmfReceived', (event) => event.sessionId === b && digits.push(event.digit));
      const levels = nextEvent(host, 'levels', (event) => event.sessionId === b && event.output.rmsDbfs > -20);
      const statistics = nextEvent(host, 'statistics', (event) => event.sessionId === a);
      assert.equal(await host.sendDtmf(a, '*9'), null);
      const gotDigits = new Promise<void>((resolve) => host.on('dtmfReceived', () => digits.length === 2 && resolve()));
      await gotDigits;
      assert.deepEqual(digits, ['*', '9']);
      await levels;
      assert.ok((await statistics).statistics.packetsSent > 0);
      assert.equal(await host.setMute(a, true), null);
      assert.equal(await host.setHold(a, 'sendonly'), null);
      const live = await host.getStatistics(b);
      assert.ok(live.packetsReceived >= 5 && live.packetsLost === 0, JSON.stringify(live));
      const final = await host.closeSession(a);
      assert.ok(final.packetsSent >= live.packetsReceived);
      await host.closeSession(b);
    } finally {
      await host.close();
    }
  });

  test('bad requests are typed errors and the worker lives on', async () => {
    const host = new MediaWorkerHost();
    try {
      const expectCode = (promise: Promise<unknown>, code: string) => assert.rejects(promise, (error) => isMediaSessionError(error) && error.code === code);
      const silent = { source: { kind: 'silence' as const }, sink: { kind: 'null' as const }, local: LOOPBACK };
      await expectCode(host.getStatistics('nobody'), 'MEDIA_UNKNOWN_SESSION');
      await expectCode(host.request('createSession', { sessionId: 'x' } as never), 'MEDIA_BAD_REQUEST');
      await expectCode(host.request('nonsense' as never, {} as never), 'MEDIA_BAD_REQUEST');
      await expectCode(host.createSession('g729', { ...silent, codec: { encodingName: 'G729', payloadType: 18, clockRate: 8000 } }), 'MEDIA_BAD_CONFIG');
      await expectCode(host.createSession('opus', { ...silent, codec: NEGOTIATED.opus, opus: { complexity: 42 } }), 'MEDIA_BAD_CONFIG');
      await expectCode(host.createSession('file', { ...silent, codec: NEGOTIATED.PCMU, source: { kind: 'wav', path: join(dir, 'missing.wav') } }), 'MEDIA_SOURCE_UNREADABLE');
      await expectCode(host.createSession('host', { ...silent, codec: NEGOTIATED.PCMU, local: { host: 'not-an-ip' } }), 'MEDIA_TRANSPORT_FAILED');
      await host.createSession('one', { ...silent, codec: NEGOTIATED.PCMU });
      await expectCode(host.createSession('one', { ...silent, codec: NEGOTIATED.PCMU }), 'MEDIA_SESSION_EXISTS');
      await expectCode(host.startSession('one'), 'MEDIA_BAD_STATE');
      await expectCode(host.sendDtmf('one', '1'), 'MEDIA_DTMF_NOT_NEGOTIATED');
      assert.ok((await host.closeSession('one')).packetsSent === 0);
    } finally {
      await host.close();
    }
  });

  test('a crashed worker is reported, its requests fail, and the next request runs on a fresh one', async () => {
    const host = new MediaWorkerHost({ entry: new URL('./crashing-worker.ts', import.meta.url) });
    try {
      const failed = nextEvent(host, 'failed', () => true);
      const pending = host.getStatistics('nobody').catch((error: unknown) => error);
      const waiting = host.createSession('slow', { codec: NEGOTIATED.PCMU, source: { kind: 'silence' }, sink: { kind: 'null' }, local: LOOPBACK });
      void host.request('crash' as never, {} as never).catch(() => undefined);
      const failure = await failed;
      assert.equal(failure.code, 'MEDIA_WORKER_CRASHED');
      assert.match(failure.message, /boom/);
      assert.ok(isMediaSessionError(await pending, 'MEDIA_UNKNOWN_SESSION') || isMediaSessionError(await pending, 'MEDIA_WORKER_CRASHED'));
      await waiting.catch(() => undefined);
      assert.equal(host.alive, false);
      // The sessions died with the old worker; the new one knows none of them.
      await assert.rejects(host.getStatistics('x'), (error) => isMediaSessionError(error, 'MEDIA_UNKNOWN_SESSION'));
      assert.equal(host.alive, true);
      const created = await host.createSession('after', { codec: NEGOTIATED.PCMU, source: { kind: 'silence' }, sink: { kind: 'null' }, local: LOOPBACK });
      assert.ok((created.localAddress?.port ?? 0) > 0);
    } finally {
      await host.close();
    }
  });

  test('closing the host leaves no handles behind', async () => {
    const baseline = process.getActiveResourcesInfo().filter((name) => name !== 'Timeout').length;
    const host = new MediaWorkerHost();
    const { a } = await connectedPair(host, 'leak', { source: { kind: 'tone', frequencyHz: 440 }, sink: { kind: 'null' } }, { source: { kind: 'silence' }, sink: { kind: 'null' } }, 'opus');
    await nextEvent(host, 'statistics', (event) => event.sessionId === a);
    await host.close();
    assert.equal(host.alive, false);
    assert.equal(process.getActiveResourcesInfo().filter((name) => name !== 'Timeout').length, baseline);
  });
});
