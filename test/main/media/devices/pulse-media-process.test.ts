import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { dominantFrequency, toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { readWav } from '../../../../src/main/media/audio/wav-reader.js';
import { MediaWorkerHost } from '../../../../src/main/media/worker/media-worker-host.js';
import type { SessionOptions } from '../../../../src/main/media/worker/media-worker-protocol.js';
import { ALSA_IN, ALSA_OUT, startPulseAudio, TEST_SINK, type PulseAudioServer } from '../../../helpers/pulse-audio-server.js';
import { tempDir } from '../../../helpers/temp-dir.js';
import { writeToneWav } from '../../../helpers/tone-files.js';
import { NEGOTIATED } from '../session/session-pair.js';
import { collectEvents, nextEvent } from '../worker/host-events.js';

// Sessions with a real microphone in a media process: naudiodon → PortAudio (ALSA) → the ALSA
// pulse plugin → an isolated PulseAudio. The microphone is the test sink's monitor (ALSA
// `parley_in`), fed a 440 Hz tone by paplay. Skipped, with the reason, when PulseAudio, paplay,
// naudiodon or the ALSA pulse plugin (libasound2-plugins) is missing.

async function setUp(): Promise<{ readonly server?: PulseAudioServer; readonly skip: string | false }> {
  if (spawnSync('paplay', ['--version'], { stdio: 'ignore' }).status !== 0) return { skip: 'paplay is not installed (apt: pulseaudio-utils)' };
  const pulse = await startPulseAudio();
  if (!pulse.ok) return { skip: pulse.reason };
  const probe = new MediaWorkerHost({ isolation: 'process' });
  const names = await probe.listDevices().then((devices) => devices.map((device) => device.name));
  await probe.close();
  if (names.includes(ALSA_IN)) return { server: pulse.server, skip: false };
  await pulse.server.stop();
  return { skip: `PortAudio does not see the virtual microphone (naudiodon not built, or libasound2-plugins missing); it sees: ${names.join(', ') || 'nothing'}` };
}

const { server, skip } = await setUp();

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('skipped setup reached a test');
  return value;
}

const LOOPBACK = { host: '127.0.0.1' };
const base = { codec: NEGOTIATED.PCMU, local: LOOPBACK, statisticsIntervalMs: 200 } as const;
const microphone: SessionOptions['source'] = { kind: 'device', name: ALSA_IN };
/** Quieter than this, and the tone has not arrived (the tone is at −9 dBFS). */
const TONE_DBFS = -30;

/** Session A talks from the virtual microphone to session B, which records (or drops) what it hears. */
async function microphoneCall(host: MediaWorkerHost, sink: SessionOptions['sink']): Promise<void> {
  const b = await host.createSession('b', { ...base, source: { kind: 'silence' }, sink });
  const a = await host.createSession('a', { ...base, source: microphone, sink: { kind: 'null' }, remote: (b.localAddress ?? undefined) });
  await host.startSession('a');
  await host.startSession('b', (a.localAddress ?? undefined));
}

/**
 * Unloads the test sink (its monitor is the microphone) and, on `restore`, loads it again.
 * PulseAudio moves the streams of a sink that goes to the default one, which PortAudio may then
 * never notice; killing them as well is a device gone as plain ALSA sees it, the case our fallback
 * is for.
 */
function removeTestSink(pulse: PulseAudioServer, streams: 'sink-input' | 'source-output'): { readonly restore: () => void } {
  pulse.pactl('unload-module', String(need(pulse.moduleOf(TEST_SINK))));
  pulse.killStreams(streams);
  return { restore: () => void pulse.pactl('load-module', 'module-null-sink', `sink_name=${TEST_SINK}`, 'sink_properties=device.description=ParleyTestSink') };
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `condition` holds or `ms` passed (the caller's assertion then says what was missing). */
async function until(condition: () => boolean, ms: number): Promise<void> {
  for (const started = Date.now(); !condition() && Date.now() - started < ms; ) await sleep(50);
}

/** Index of the first sample louder than −30 dBFS. */
function firstSound(samples: Float32Array): number {
  return samples.findIndex((sample) => Math.abs(sample) > 0.03);
}

describe('a microphone in a media process, on a virtual PulseAudio', { skip }, () => {
  let feeder: ChildProcess | undefined;

  before(async () => {
    const tone = writeToneWav(join(await tempDir('parley-pulse-process'), 'a440.wav'), 440, 120);
    feeder = spawn('paplay', [`--device=${TEST_SINK}`, tone], { stdio: 'ignore' });
  });
  after(async () => {
    feeder?.kill('SIGKILL');
    await server?.stop();
  });

  test('the microphone’s tone reaches the other session’s recording', { timeout: 60_000 }, async () => {
    const recording = join(await tempDir('parley-pulse-process'), 'b-heard.wav');
    const host = new MediaWorkerHost({ isolation: 'process' });
    try {
      const opened = nextEvent(host, 'deviceOpened', (event) => event.sessionId === 'a', 20_000);
      await microphoneCall(host, { kind: 'wav', path: recording });
      assert.deepEqual(
        (({ direction, name }) => ({ direction, name }))(await opened),
        { direction: 'input', name: ALSA_IN },
      );
      // The pulse plugin takes 1–2 s to start a stream; then 2 s of tone are kept.
      await nextEvent(host, 'levels', (event) => event.sessionId === 'b' && event.output.rmsDbfs > TONE_DBFS, 20_000);
      await sleep(2000);
      await host.closeSession('b');
    } finally {
      await host.close();
    }
    const wav = readWav(readFileSync(recording));
    assert.ok(wav.ok, 'a complete WAV');
    const samples = wav.value.channels[0] ?? new Float32Array(0);
    const start = firstSound(samples);
    assert.ok(start >= 0, 'the tone was recorded at all');
    const heard = samples.subarray(start + 0.3 * 48000);
    assert.ok(heard.length >= 48000, `${heard.length / 48} ms of tone`);
    const frequency = dominantFrequency(heard, 48000, { minHz: 100, maxHz: 4000 });
    assert.ok(Math.abs(frequency - 440) < 5, `the recording's tone is at ${frequency.toFixed(1)} Hz`);
    // A device on a loaded 2-core machine drops a little audio now and then: most of it must be the tone.
    assert.ok(toneRatio(heard, 48000, 440) >= 0.6, `440 Hz in ${toneRatio(heard, 48000, 440)} of the recording`);
  });

  test('nothing naudiodon prints reaches the stdout of a program whose media runs in a process', { timeout: 60_000 }, async () => {
    const run = (isolation: string): Promise<{ stdout: string; code: number | null }> =>
      new Promise((resolve) => {
        const program = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../worker/host-in-child.ts'), `--isolation=${isolation}`, `--device=${ALSA_IN}`], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        const timer = setTimeout(() => program.kill('SIGKILL'), 45_000);
        program.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        program.once('close', (code) => (clearTimeout(timer), resolve({ stdout, code })));
      });
    const isolated = await run('process');
    assert.equal(isolated.code, 0, isolated.stdout);
    const lines = isolated.stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, `only the program's own line: ${JSON.stringify(isolated.stdout)}`);
    const result = JSON.parse(lines[0] ?? '') as { done: boolean; device: string; packetsSent: number };
    assert.deepEqual([result.done, result.device], [true, ALSA_IN]);
    assert.ok(result.packetsSent > 0);
    // The control: the same program with the engine on a thread shows what the process keeps away.
    const threaded = await run('thread');
    assert.match(threaded.stdout, /device name is parley_in/, 'naudiodon prints to stdout when it shares the process');
  });

  test('the microphone removed mid-call falls back to the default, and the call goes on', { timeout: 60_000 }, async () => {
    const host = new MediaWorkerHost({ isolation: 'process' });
    const closed = collectEvents(host, 'sessionClosed');
    const failed = collectEvents(host, 'failed');
    let removed: { readonly restore: () => void } | undefined;
    try {
      await microphoneCall(host, { kind: 'null' });
      await nextEvent(host, 'levels', (event) => event.sessionId === 'a' && event.input.rmsDbfs > TONE_DBFS, 20_000);
      const fellBack = nextEvent(host, 'deviceFellBack', (event) => event.sessionId === 'a', 20_000);
      removed = removeTestSink(need(server), 'source-output');
      const event = await fellBack;
      assert.deepEqual([event.direction, event.from], ['input', ALSA_IN]);
      const sent = (await host.getStatistics('a')).packetsSent;
      // Half a second more of packets, with a generous bound.
      await nextEvent(host, 'statistics', (update) => update.sessionId === 'a' && update.statistics.packetsSent >= sent + 25, 10_000);
      assert.deepEqual([closed.events, failed.events], [[], []], 'the session stayed open');
    } finally {
      closed.stop();
      failed.stop();
      await host.close();
      removed?.restore();
    }
  });

  test('a loudspeaker removed mid-call falls back, and close() still ends the media process', { timeout: 60_000 }, async () => {
    const host = new MediaWorkerHost({ isolation: 'process', closeTimeoutMs: 3000 });
    const pid = need(host.pid);
    const opened = collectEvents(host, 'deviceOpened');
    const fellBack = collectEvents(host, 'deviceFellBack');
    const seen = (): string => JSON.stringify({ opened: opened.events, fellBack: fellBack.events });
    let removed: { readonly restore: () => void } | undefined;
    try {
      const b = await host.createSession('b', { ...base, source: { kind: 'tone', frequencyHz: 440 }, sink: { kind: 'null' } });
      const a = await host.createSession('a', { ...base, source: { kind: 'silence' }, sink: { kind: 'device', name: ALSA_OUT }, remote: (b.localAddress ?? undefined) });
      await host.startSession('a');
      await host.startSession('b', (a.localAddress ?? undefined));
      // Let the playback stream start (1–2 s over the pulse plugin) before its device goes.
      await sleep(3000);
      assert.equal(fellBack.events.length, 0, `the loudspeaker played before it was removed: ${seen()}`);
      removed = removeTestSink(need(server), 'sink-input');
      await until(() => fellBack.events.length > 0, 20_000);
      const event = fellBack.events[0];
      assert.deepEqual([event?.direction, event?.from], ['output', ALSA_OUT], seen());
    } finally {
      opened.stop();
      fellBack.stop();
      // naudiodon never returns from quitting the dead stream: the process is ended instead.
      await host.close();
      removed?.restore();
    }
    assert.equal(host.alive, false);
    assert.equal(running(pid), false, 'the media process is gone');
  });
});
