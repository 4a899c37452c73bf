import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { tempDir } from './temp-dir.js';

/**
 * An isolated PulseAudio for device tests: its own runtime folder and socket, null sinks as
 * virtual devices, and an ALSA configuration that routes PortAudio's ALSA host API to it.
 *
 * - `parley_test_sink`: what a DeviceAudioSink on ALSA PCM `parley_out` plays into; its monitor
 *   is ALSA PCM `parley_in`, a microphone that hears exactly that.
 * - `parley_fallback_sink`: PulseAudio's default sink (its monitor the default source), reached
 *   as ALSA `default`: where a device falls back to.
 *
 * Runs as root too: `--system=false` with HOME and the runtime folders in a temp folder (PulseAudio
 * only warns). `--exit-idle-time=-1` keeps it from leaving.
 */
export interface PulseAudioServer {
  readonly dir: string;
  /** PULSE_SERVER and ALSA_CONFIG_PATH for clients (already set on this process by `start`). */
  readonly env: Readonly<Record<string, string>>;
  pactl(...args: string[]): string;
  /** Kills every playback (sink-input) or capture (source-output) stream: a device gone mid-stream. */
  killStreams(kind: 'sink-input' | 'source-output'): number;
  /** The index of the module that made a sink, for `pactl unload-module`. */
  moduleOf(sinkName: string): number | undefined;
  stop(): Promise<void>;
}

export type PulseAudioStart = { readonly ok: true; readonly server: PulseAudioServer } | { readonly ok: false; readonly reason: string };

export const TEST_SINK = 'parley_test_sink';
export const FALLBACK_SINK = 'parley_fallback_sink';
export const ALSA_OUT = 'parley_out';
export const ALSA_IN = 'parley_in';

function onPath(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

function asoundConf(): string {
  const pcm = (name: string, device: string, description: string): string =>
    `pcm.${name} {\n  type pulse\n  device "${device}"\n  hint { show on description "${description}" }\n}\n`;
  return [
    'pcm.!default { type pulse }',
    'ctl.!default { type pulse }',
    pcm(ALSA_OUT, TEST_SINK, 'Parley test sink'),
    pcm(ALSA_IN, `${TEST_SINK}.monitor`, 'Parley test sink monitor'),
    '',
  ].join('\n');
}

/** Starts PulseAudio, or says why it cannot (a test then skips with that reason). */
export async function startPulseAudio(): Promise<PulseAudioStart> {
  if (!onPath('pulseaudio')) return { ok: false, reason: 'pulseaudio is not installed (apt: pulseaudio)' };
  if (!onPath('pactl')) return { ok: false, reason: 'pactl is not installed (apt: pulseaudio-utils)' };
  const dir = await tempDir('parley-pulse');
  const socket = join(dir, 'native');
  const script = join(dir, 'parley-test.pa');
  writeFileSync(
    script,
    [
      `load-module module-null-sink sink_name=${TEST_SINK} sink_properties=device.description=ParleyTestSink`,
      `load-module module-null-sink sink_name=${FALLBACK_SINK} sink_properties=device.description=ParleyFallbackSink`,
      `load-module module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
      // pactl 16 cannot kill a stream; pacmd can, through the CLI socket ($PULSE_RUNTIME_PATH/cli).
      `load-module module-cli-protocol-unix socket=${join(dir, 'cli')}`,
      `set-default-sink ${FALLBACK_SINK}`,
      `set-default-source ${FALLBACK_SINK}.monitor`,
      '',
    ].join('\n'),
  );
  const alsaConfig = join(dir, 'asound.conf');
  writeFileSync(alsaConfig, asoundConf());
  const daemonEnv = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, PULSE_RUNTIME_PATH: dir, PULSE_STATE_PATH: join(dir, 'state') };
  const child: ChildProcess = spawn(
    'pulseaudio',
    ['--daemonize=no', '--system=false', '--exit-idle-time=-1', '--disallow-exit', '-n', '-F', script, '--log-target=stderr'],
    { env: daemonEnv, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const env = { PULSE_SERVER: `unix:${socket}`, ALSA_CONFIG_PATH: alsaConfig };
  const pactl = (...args: string[]): string => {
    const result = spawnSync('pactl', args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 5000 });
    if (result.status !== 0) throw new Error(`pactl ${args.join(' ')}: ${result.stderr || result.error?.message || 'failed'}`);
    return result.stdout;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    if (child.exitCode !== null) return { ok: false, reason: `pulseaudio exited (${child.exitCode}): ${log.trim().split('\n').slice(-3).join(' | ')}` };
    try {
      pactl('info');
      // libasound and libpulse read these when PortAudio initialises, so this process's env is enough.
      Object.assign(process.env, env);
      const moduleOf = (sinkName: string): number | undefined => {
        const line = pactl('list', 'short', 'modules')
          .split('\n')
          .find((entry) => entry.includes(`sink_name=${sinkName} `) || entry.includes(`sink_name=${sinkName}\t`));
        return line === undefined ? undefined : Number(line.split('\t')[0]);
      };
      const killStreams = (kind: 'sink-input' | 'source-output'): number => {
        const ids = pactl('list', 'short', `${kind}s`)
          .split('\n')
          .filter((line) => line.trim() !== '')
          .map((line) => line.split('\t')[0] ?? '');
        for (const id of ids) {
          const result = spawnSync('pacmd', [`kill-${kind}`, id], { env: { ...process.env, PULSE_RUNTIME_PATH: dir }, encoding: 'utf8', timeout: 5000 });
          if (result.status !== 0) throw new Error(`pacmd kill-${kind} ${id}: ${result.stderr || result.error?.message || 'failed'}`);
        }
        return ids.length;
      };
      return { ok: true, server: { dir, env, pactl, moduleOf, killStreams, stop } };
    } catch {
      await sleep(100);
    }
  }
  await stop();
  return { ok: false, reason: `pulseaudio did not answer within 5 s: ${log.trim().split('\n').slice(-3).join(' | ')}` };
}
