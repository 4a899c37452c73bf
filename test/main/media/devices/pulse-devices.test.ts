import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { loadAudioDeviceBinding, type AudioDeviceBackend } from '../../../../src/main/media/devices/audio-device-binding.js';
import { findDevice, listAudioDevices } from '../../../../src/main/media/devices/audio-device-list.js';
import { DeviceAudioSink } from '../../../../src/main/media/devices/device-audio-sink.js';
import { DeviceAudioSource } from '../../../../src/main/media/devices/device-audio-source.js';
import type { DeviceFellBackEvent } from '../../../../src/main/media/devices/device-stream-keeper.js';
import { ToneSource } from '../../../../src/main/media/session/audio-io.js';
import { ALSA_IN, ALSA_OUT, startPulseAudio, type PulseAudioServer } from '../../../helpers/pulse-audio-server.js';
import { concat, firstSound, runTicks } from './pulse-device-session.js';

// Real devices: naudiodon → PortAudio (ALSA) → the ALSA pulse plugin → an isolated PulseAudio
// whose null sinks give real-time pacing (DESIGN.md, "Media"). Skipped, with the reason, when
// the binding or PulseAudio is missing.
const binding = loadAudioDeviceBinding();
const pulse = binding.ok ? await startPulseAudio() : undefined;
const skip = !binding.ok ? binding.error.message : pulse && !pulse.ok ? pulse.reason : false;
const server: PulseAudioServer | undefined = pulse?.ok ? pulse.server : undefined;
const backend: AudioDeviceBackend | undefined = binding.ok ? binding.backend : undefined;

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('skipped setup reached a test');
  return value;
}

describe('audio devices on a virtual PulseAudio', { skip }, () => {
  before(() => {
    need(server);
  });
  after(async () => {
    await server?.stop();
  });

  test('PortAudio lists the virtual devices, and findDevice finds them by name', () => {
    const list = listAudioDevices(need(backend));
    const names = list.map((device) => device.name);
    for (const name of [ALSA_OUT, ALSA_IN, 'default']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.equal(findDevice(list, ALSA_OUT, 'output')?.device.hostApi, 'ALSA');
    assert.equal(findDevice(list, 'Unplugged headset', 'input')?.device.name, 'default');
  });

  test('a 440 Hz tone played through a device sink arrives from the sink monitor', { timeout: 30_000 }, async () => {
    const sink = DeviceAudioSink.open({ backend: need(backend), name: ALSA_OUT });
    const source = DeviceAudioSource.open({ backend: need(backend), name: ALSA_IN });
    try {
      // The pulse plugin takes 1–2 s to start a stream; then 2 s of tone are kept.
      const frames = await runTicks({
        source,
        sink,
        play: new ToneSource(440, 0.5),
        ms: 12_000,
        until: (captured) => firstSound(captured) >= 0 && captured.length - firstSound(captured) >= 100,
      });
      const start = firstSound(frames);
      assert.ok(start >= 0, 'the tone arrived at all');
      const heard = concat(frames.slice(start + 15)); // after the first 300 ms
      const ratio = toneRatio(heard, 48000, 440);
      assert.ok(ratio >= 0.8, `toneRatio ${ratio.toFixed(2)} over ${heard.length / 48} ms; counters ${JSON.stringify(source.counters())}`);
    } finally {
      await Promise.all([sink.closed(), source.closed()]);
    }
  });

  test('a capture stream killed mid-stream falls back to the default without throwing', { timeout: 30_000 }, async () => {
    const sink = DeviceAudioSink.open({ backend: need(backend), name: ALSA_OUT });
    const source = DeviceAudioSource.open({ backend: need(backend), name: ALSA_IN });
    const events: DeviceFellBackEvent[] = [];
    source.on('deviceFellBack', (event) => events.push(event));
    try {
      await runTicks({ source, sink, play: new ToneSource(440), ms: 10_000, until: (captured) => firstSound(captured) >= 0 });
      assert.equal(need(server).killStreams('source-output'), 1);
      await runTicks({ source, sink, ms: 8_000, until: () => events.length > 0 });
      assert.deepEqual(
        events.map(({ direction, from, to }) => ({ direction, from, to })),
        [{ direction: 'input', from: ALSA_IN, to: 'default' }],
      );
      assert.equal(source.deviceName, 'default');
      const before = source.counters().pushedSamples;
      await runTicks({ source, ms: 8_000, until: () => source.counters().pushedSamples > before + 4800 });
      assert.ok(source.counters().pushedSamples > before, 'the default device captures');
    } finally {
      await Promise.all([sink.closed(), source.closed()]);
    }
  });

  test('a playback stream killed mid-stream falls back to the default without throwing', { timeout: 40_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'sink-fallback-scenario.ts')], {
      env: { ...process.env, ...need(server).env, PARLEY_PULSE_DIR: need(server).dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-2000)));
    const line = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), 35_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = output.split('\n').find((entry) => entry.startsWith('{'));
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child.once('exit', () => resolve(undefined));
    });
    // naudiodon cannot close a dead output stream, so the child cannot exit by itself.
    child.kill('SIGKILL');
    assert.ok(line !== undefined, `the scenario reported: ${output.slice(-500)} ${errors}`);
    const result = JSON.parse(line) as { events: DeviceFellBackEvent[]; thrown: number; killedAtTick: number; deviceName: string; playedAfterFallback: number };
    assert.ok(result.killedAtTick >= 0, 'the stream was killed');
    assert.equal(result.thrown, 0);
    assert.deepEqual(
      result.events.map(({ direction, from, to }) => ({ direction, from, to })),
      [{ direction: 'output', from: ALSA_OUT, to: 'default' }],
    );
    assert.equal(result.deviceName, 'default');
    assert.ok(result.playedAfterFallback > 0, 'the default device plays');
  });
});
