import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dominantFrequency, readWav, toneRatio, type Samples } from '../../../src/main/media/audio/index.js';
import { FALLBACK_SINK } from '../../helpers/pulse-audio-server.js';
import { DEFAULT_MIC_SINK, playInto, recordMonitor, startCallPulseAudio } from '../../helpers/pulse-call-audio.js';
import { PARLEY_BIN, ParleyProcess, REPO_ROOT } from '../../helpers/parley-process.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';

/**
 * `parley call` with the default audio devices (neither --play nor --record) against
 * `parley serve --auto-answer --record`, on an isolated PulseAudio (issue 4, devices). The
 * default microphone hears a 440 Hz tone fed into PulseAudio; serve's recording must hold it,
 * and the caller's default loudspeaker must play serve's 1000 Hz. naudiodon prints to stdout, so
 * `--json` output made only of JSON lines shows the devices ran in a media process. Both `parley`
 * processes inherit PULSE_SERVER and ALSA_CONFIG_PATH, which `startCallPulseAudio` sets on this
 * process. Skipped, with the reason, when PulseAudio, its tools, naudiodon or the ALSA pulse
 * plugin (libasound2-plugins) is missing.
 */

const started = await startCallPulseAudio();
const skip = started.ok ? false : started.reason;

const RATE = 48000;

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('skipped setup reached a test');
  return value;
}

/** A `parley` command to its end, with its stdout as it was written. */
function runParleyAsync(args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [PARLEY_BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PARLEY_NO_BROWSER: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

/** From the first sound (after 300 ms more for the stream to settle) to the end. */
function afterFirstSound(samples: Samples, threshold: number): Samples {
  let first = 0;
  while (first < samples.length && Math.abs(samples[first] ?? 0) <= threshold) first++;
  return first === samples.length ? samples.subarray(0, 0) : samples.subarray(first + 0.3 * RATE);
}

/** ≥ 60 % of the 100 ms windows carry `frequency` (a device on a loaded machine drops some audio), and it is the strongest. */
function assertMostlyTone(samples: Samples, frequency: number, what: string): void {
  assert.ok(samples.length >= RATE, `${what}: ${(samples.length / 48).toFixed(0)} ms after the first sound`);
  const ratio = toneRatio(samples, RATE, frequency);
  const dominant = dominantFrequency(samples, RATE, { minHz: 100, maxHz: 4000 });
  assert.ok(ratio >= 0.6, `${what}: ${frequency} Hz in ${(ratio * 100).toFixed(0)} % of ${Math.floor(samples.length / 4800)} windows`);
  assert.ok(Math.abs(dominant - frequency) < 5, `${what}: the strongest frequency is ${dominant.toFixed(1)} Hz`);
}

describe('parley call with the default audio devices, on a virtual PulseAudio', { skip }, () => {
  let dir = '';
  let serve: ParleyProcess | undefined;
  let sip = '';

  before(async () => {
    dir = await tempDir('parley-call-devices-cli');
    writeToneWav(join(dir, 'serve-1000.wav'), 1000, 30);
    writeToneWav(join(dir, 'microphone-440.wav'), 440, 60);
    serve = new ParleyProcess([
      'serve', '--data', join(dir, 'node'), '--bootstrap', '127.0.0.1:9', '--ui', '127.0.0.1:0', '--sip', '127.0.0.1:0', '--auto-answer',
      '--play', join(dir, 'serve-1000.wav'), '--record', join(dir, 'heard-by-serve.wav'), '--json',
    ]);
    sip = String((await serve.waitFor((e) => e['event'] === 'ready'))['sip']);
  });
  after(async () => {
    await serve?.stop();
    if (started.ok) await started.server.stop();
  });

  test('exits 0 after --duration, prints only JSON lines, and serve records the microphone’s tone', { timeout: 60_000 }, async () => {
    const microphone = playInto(DEFAULT_MIC_SINK, join(dir, 'microphone-440.wav'));
    const loudspeaker = recordMonitor(FALLBACK_SINK);
    let call;
    try {
      // The pulse plugin takes 1–2 s to start each stream, and a playback underflow costs ~1 s
      // (measured): 5 s leave enough of each tone.
      call = await runParleyAsync(['call', `sip:parley@${sip}`, '--duration', '5', '--json'], 40_000);
    } finally {
      microphone.kill('SIGKILL');
    }
    const played = loudspeaker.stop();
    assert.equal(call.code, 0, call.stderr);

    const lines = call.stdout.split('\n').filter((line) => line !== '');
    const events = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return assert.fail(`a line of stdout that is not JSON: ${JSON.stringify(line)}`);
      }
    });
    const names = events.map((event) => event['event']);
    for (const name of ['calling', 'established', 'ended']) assert.ok(names.includes(name), `a ${name} event in ${names.join(', ')}`);
    const last = events.at(-1) ?? {};
    assert.deepEqual([last['event'], last['reason']], ['ended', 'hangup by us'], 'the call lasted until --duration hung it up');

    const ended = await need(serve).waitFor((e) => e['event'] === 'ended');
    assert.equal(ended['reason'], 'hangup by caller');
    const wav = readWav(readFileSync(String(ended['record'])));
    assert.ok(wav.ok, 'serve’s recording is a complete WAV');
    assertMostlyTone(afterFirstSound(wav.value.channels[0] ?? new Float32Array(0), 0.03), 440, 'what serve heard from the caller’s default microphone');
    assertMostlyTone(afterFirstSound(played, 1000), 1000, 'what the caller’s default loudspeaker played');
  });
});
