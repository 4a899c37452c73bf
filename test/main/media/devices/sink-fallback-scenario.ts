// Run by pulse-devices.test.ts in a child process (not a test file itself): a playback stream
// killed mid-stream. naudiodon's quit of a dead output stream never returns (it waits for a
// callback thread that is gone), which keeps the process from exiting, so the parent reads the
// result line and kills this process.
import { spawnSync } from 'node:child_process';
import { requireAudioDeviceBackend } from '../../../../src/main/media/devices/audio-device-binding.js';
import { DeviceAudioSink } from '../../../../src/main/media/devices/device-audio-sink.js';
import type { DeviceFellBackEvent } from '../../../../src/main/media/devices/device-stream-keeper.js';
import { ToneSource } from '../../../../src/main/media/session/audio-io.js';
import { runTicks } from './pulse-device-session.js';

const pulseDir = process.env['PARLEY_PULSE_DIR'] ?? '';
const sink = DeviceAudioSink.open({ backend: requireAudioDeviceBackend(), name: 'parley_out' });
const events: DeviceFellBackEvent[] = [];
sink.on('deviceFellBack', (event) => events.push(event));
let thrown = 0;
let killedAtTick = -1;
const tone = new ToneSource(440);
await runTicks({
  ms: 15_000,
  onTick: (tick) => {
    try {
      sink.write(tone.read(960));
    } catch {
      thrown++;
    }
    // Kill once audio flows (the pulse plugin takes 1–2 s to start).
    if (killedAtTick < 0 && sink.counters().pulledSamples > 48000 * 0.5) {
      killedAtTick = tick;
      const list = spawnSync('pactl', ['list', 'short', 'sink-inputs'], { encoding: 'utf8' }).stdout.trim();
      for (const line of list.split('\n')) spawnSync('pacmd', ['kill-sink-input', line.split('\t')[0] ?? ''], { env: { ...process.env, PULSE_RUNTIME_PATH: pulseDir } });
    }
  },
  until: () => events.length > 0 && sink.counters().pulledSamples > 0,
});
const after = sink.counters().pulledSamples;
await runTicks({ ms: 3000, sink, play: tone, until: () => sink.counters().pulledSamples > after + 48000 * 0.5 });
process.stdout.write(`${JSON.stringify({ events, thrown, killedAtTick, deviceName: sink.deviceName, playedAfterFallback: sink.counters().pulledSamples - after })}\n`);
