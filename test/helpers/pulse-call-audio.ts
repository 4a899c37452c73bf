import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MediaWorkerHost } from '../../src/main/media/index.js';
import { ALSA_IN, startPulseAudio, TEST_SINK, type PulseAudioServer } from './pulse-audio-server.js';

/**
 * The isolated PulseAudio of `pulse-audio-server.ts` set up for whole calls, which need a
 * microphone and a loudspeaker that do not hear each other:
 *
 * - microphone: ALSA `parley_in`, the monitor of `parley_test_sink`, which `playInto` feeds;
 * - loudspeaker: ALSA `parley_speaker`, its own null sink, whose monitor `recordMonitor` hears;
 * - ALSA `default`, where a removed device falls back: PulseAudio's default sink (the fallback
 *   sink) for playback, and for capture the monitor of another sink, `parley_default_mic_sink`,
 *   so that the default loudspeaker is not heard by the default microphone either.
 *
 * `ALSA_CONFIG_PATH` on this process names the extended configuration, so media processes and
 * `parley` processes started afterwards (they inherit the environment) see the same devices.
 */
export const SPEAKER_SINK = 'parley_speaker_sink';
export const ALSA_SPEAKER = 'parley_speaker';
/** Played into, it is what the default microphone hears. */
export const DEFAULT_MIC_SINK = 'parley_default_mic_sink';

export type CallPulseAudioStart = { readonly ok: true; readonly server: PulseAudioServer } | { readonly ok: false; readonly reason: string };

const SAMPLE_RATE = 48000;

function onPath(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Starts PulseAudio with the call devices, or says why it cannot (a test then skips with that reason). */
export async function startCallPulseAudio(): Promise<CallPulseAudioStart> {
  for (const tool of ['paplay', 'parec']) if (!onPath(tool)) return { ok: false, reason: `${tool} is not installed (apt: pulseaudio-utils)` };
  const pulse = await startPulseAudio();
  if (!pulse.ok) return pulse;
  const { server } = pulse;
  try {
    server.pactl('load-module', 'module-null-sink', `sink_name=${SPEAKER_SINK}`, 'sink_properties=device.description=ParleySpeakerSink');
    server.pactl('load-module', 'module-null-sink', `sink_name=${DEFAULT_MIC_SINK}`, 'sink_properties=device.description=ParleyDefaultMicSink');
    server.pactl('set-default-source', `${DEFAULT_MIC_SINK}.monitor`);
    const base = readFileSync(server.env['ALSA_CONFIG_PATH'] ?? '', 'utf8');
    const config = join(server.dir, 'asound-call.conf');
    writeFileSync(config, `${base}pcm.${ALSA_SPEAKER} {\n  type pulse\n  device "${SPEAKER_SINK}"\n  hint { show on description "Parley speaker sink" }\n}\n`);
    process.env['ALSA_CONFIG_PATH'] = config;
  } catch (error) {
    await server.stop();
    return { ok: false, reason: `the virtual call devices could not be made: ${(error as Error).message}` };
  }
  const probe = new MediaWorkerHost({ isolation: 'process' });
  const names = await probe
    .listDevices()
    .then((devices) => devices.map((device) => device.name))
    .catch((): string[] => []);
  await probe.close();
  if ([ALSA_IN, ALSA_SPEAKER, 'default'].every((name) => names.includes(name))) return { ok: true, server };
  await server.stop();
  return { ok: false, reason: `PortAudio does not see the virtual devices (naudiodon not built, or libasound2-plugins missing); it sees: ${names.join(', ') || 'nothing'}` };
}

/**
 * For a test file's top level: the server for its tests, or the reason they are skipped (the
 * `skip` option of `describe`).
 */
export async function pulseAudioForCallTests(): Promise<{ readonly skip: string | false; readonly server: PulseAudioServer | undefined }> {
  const started = await startCallPulseAudio();
  return started.ok ? { skip: false, server: started.server } : { skip: started.reason, server: undefined };
}

/** Plays a WAV file into a sink (for the test sink: into the virtual microphone) until killed. */
export function playInto(sink: string, wav: string): ChildProcess {
  return spawn('paplay', [`--device=${sink}`, wav], { stdio: 'ignore' });
}

export interface MonitorRecording {
  /** Stops recording; what the sink played, 48 kHz mono. */
  stop(): Int16Array;
}

/** Records what a sink plays (a virtual loudspeaker), from its monitor. */
export function recordMonitor(sink: string): MonitorRecording {
  const child = spawn('parec', [`--device=${sink}.monitor`, '--format=s16le', `--rate=${SAMPLE_RATE}`, '--channels=1', '--latency-msec=50'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  return {
    stop: () => {
      child.kill('SIGKILL');
      const bytes = Buffer.concat(chunks);
      const samples = new Int16Array(Math.floor(bytes.length / 2));
      for (let n = 0; n < samples.length; n++) samples[n] = bytes.readInt16LE(2 * n);
      return samples;
    },
  };
}

/** What a virtual loudspeaker played from its first sound on, 300 ms later: past the stream's start. */
export function afterFirstSound(played: Int16Array, what: string): Int16Array {
  const loud = played.findIndex((sample) => Math.abs(sample) > 1000);
  assert.ok(loud >= 0, `${what} played at all`);
  return played.subarray(loud + 0.3 * SAMPLE_RATE);
}

/** `pactl list short KIND` as rows of columns. */
function rows(server: PulseAudioServer, kind: string): string[][] {
  return server
    .pactl('list', 'short', kind)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

/**
 * A device unplugged mid-call: the sink goes, and so do the streams that played into it or
 * captured its monitor. PulseAudio would move them to the default device, which PortAudio may
 * never notice; killing them is the device gone as plain ALSA sees it (what fallback is for).
 * Other streams are left alone. `restore` loads the sink again.
 */
export function removeSink(server: PulseAudioServer, sink: string): { readonly killed: number; readonly restore: () => void } {
  const sinkIndex = rows(server, 'sinks').find((row) => row[1] === sink)?.[0];
  const monitorIndex = rows(server, 'sources').find((row) => row[1] === `${sink}.monitor`)?.[0];
  const playing = rows(server, 'sink-inputs').filter((row) => row[1] === sinkIndex);
  const capturing = rows(server, 'source-outputs').filter((row) => row[1] === monitorIndex);
  const module = server.moduleOf(sink);
  if (module === undefined) throw new Error(`no module made ${sink}`);
  server.pactl('unload-module', String(module));
  const kill = (kind: 'sink-input' | 'source-output', id: string): void => {
    const result = spawnSync('pacmd', [`kill-${kind}`, id], { env: { ...process.env, PULSE_RUNTIME_PATH: server.dir }, encoding: 'utf8', timeout: 5000 });
    if (result.status !== 0) throw new Error(`pacmd kill-${kind} ${id}: ${result.stderr || result.error?.message || 'failed'}`);
  };
  for (const row of playing) kill('sink-input', row[0] ?? '');
  for (const row of capturing) kill('source-output', row[0] ?? '');
  const description = sink === TEST_SINK ? 'ParleyTestSink' : sink;
  return {
    killed: playing.length + capturing.length,
    restore: () => void server.pactl('load-module', 'module-null-sink', `sink_name=${sink}`, `sink_properties=device.description=${description}`),
  };
}
