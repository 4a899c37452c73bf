import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isAudioDeviceError } from '../../../../src/main/media/devices/audio-device-error.js';
import { DeviceAudioSink } from '../../../../src/main/media/devices/device-audio-sink.js';
import { DeviceAudioSource } from '../../../../src/main/media/devices/device-audio-source.js';
import type { DeviceFellBackEvent } from '../../../../src/main/media/devices/device-stream-keeper.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { FakeAudioBackend, fakeDevice, settle } from './fake-audio-backend.js';

function backendWithHeadset(): FakeAudioBackend {
  return new FakeAudioBackend([fakeDevice(0, 'Headset', 1, 1), fakeDevice(1, 'default', 2, 2)], { input: 1, output: 1 });
}

const tenMs = (value: number): Int16Array => new Int16Array(480).fill(value);

describe('DeviceAudioSource: a microphone that never throws out of the tick', () => {
  test('captured chunks come out as 20 ms frames; before any audio, silence', async () => {
    const backend = backendWithHeadset();
    const source = DeviceAudioSource.open({ backend, name: 'Headset', clock: new FakeClock() });
    const stream = backend.last();
    assert.deepEqual([stream.format.sampleRate, stream.format.channelCount, stream.started], [48000, 1, true]);
    assert.deepEqual(source.read(960), new Int16Array(960));
    await settle();
    stream.deliver(tenMs(100));
    await settle();
    stream.deliver(tenMs(200));
    await settle();
    const frame = source.read(960);
    assert.equal(frame[0], 100);
    assert.equal(frame[959], 200);
    assert.equal(source.counters().underruns, 0, 'the silence before the first audio is not an underrun');
    await source.closed();
  });

  test('a device that ends mid-stream falls back to the default with an event', async () => {
    const backend = backendWithHeadset();
    const source = DeviceAudioSource.open({ backend, name: 'Headset', clock: new FakeClock() });
    const events: DeviceFellBackEvent[] = [];
    source.on('deviceFellBack', (event) => events.push(event));
    const headset = backend.last();
    await settle();
    headset.deliver(tenMs(1));
    await settle();
    headset.die();
    await settle();
    assert.deepEqual(events, [{ direction: 'input', from: 'Headset', to: 'default', reason: 'the capture stream finished' }]);
    assert.equal(headset.quitCalled, true);
    assert.equal(backend.nameOf(backend.last()), 'default');
    assert.equal(source.deviceName, 'default');
    assert.equal(source.read(960).length, 960);
    await source.closed();
  });

  test('a device gone quiet is noticed by the tick (stall watchdog) and replaced', async () => {
    const backend = backendWithHeadset();
    const clock = new FakeClock();
    const source = DeviceAudioSource.open({ backend, name: 'Headset', clock, stallMs: 500 });
    const events: DeviceFellBackEvent[] = [];
    source.on('deviceFellBack', (event) => events.push(event));
    await settle();
    backend.last().deliver(tenMs(1));
    await settle();
    clock.advance(400);
    source.read(960);
    assert.equal(events.length, 0);
    clock.advance(200);
    assert.doesNotThrow(() => source.read(960));
    await settle();
    assert.equal(events[0]?.to, 'default');
    assert.match(events[0]?.reason ?? '', /no audio for 600 ms/);
    await source.closed();
  });

  test('when the default cannot open either: silence, an event without `to`, and retries', async () => {
    const backend = backendWithHeadset();
    const clock = new FakeClock();
    const source = DeviceAudioSource.open({ backend, name: 'Headset', clock, retryMs: 1000 });
    const events: DeviceFellBackEvent[] = [];
    source.on('deviceFellBack', (event) => events.push(event));
    await settle();
    backend.refuse.add('default');
    backend.last().die();
    await settle();
    assert.equal(events[0]?.to, undefined);
    assert.deepEqual(source.read(960), new Int16Array(960));
    backend.refuse.delete('default');
    clock.advance(999);
    source.read(960);
    assert.equal(events.length, 1);
    clock.advance(1);
    source.read(960);
    assert.equal(events[1]?.to, 'default');
    assert.equal(source.deviceName, 'default');
    await source.closed();
  });

  test('a remembered device that is gone opens the default and says so', async () => {
    const backend = backendWithHeadset();
    const source = DeviceAudioSource.open({ backend, name: 'Bluetooth', clock: new FakeClock() });
    const events: DeviceFellBackEvent[] = [];
    source.on('deviceFellBack', (event) => events.push(event));
    await settle();
    assert.equal(events[0]?.from, 'Bluetooth');
    assert.equal(events[0]?.to, 'default');
    await source.closed();
  });

  test('a device without 48 kHz is opened at its own rate and resampled', async () => {
    const backend = new FakeAudioBackend([fakeDevice(0, 'Old card', 2, 2, 44100)], { input: 0, output: 0 });
    backend.acceptRates = [44100];
    const source = DeviceAudioSource.open({ backend, clock: new FakeClock() });
    const stream = backend.last();
    assert.equal(stream.format.sampleRate, 44100);
    for (let i = 0; i < 10; i++) {
      await settle();
      stream.deliver(new Int16Array(441).fill(1000));
    }
    await settle();
    const frame = source.read(960);
    assert.ok(Math.abs((frame[900] ?? 0) - 1000) < 30, `steady level after resampling (${frame[900]})`);
    await source.closed();
  });

  test('no device at all is AUDIO_DEVICE_NOT_FOUND at open, not later', () => {
    const backend = new FakeAudioBackend([fakeDevice(0, 'HDMI', 0, 2)], { input: undefined, output: 0 });
    assert.throws(() => DeviceAudioSource.open({ backend }), (error) => isAudioDeviceError(error, 'AUDIO_DEVICE_NOT_FOUND'));
    backend.refuse.add('HDMI');
    assert.throws(() => DeviceAudioSink.open({ backend }), (error) => isAudioDeviceError(error, 'AUDIO_DEVICE_OPEN_FAILED'));
  });
});

describe('DeviceAudioSink: a loudspeaker paced by the device', () => {
  test('written frames reach the device in 10 ms chunks; a dry ring plays silence', async () => {
    const backend = backendWithHeadset();
    const sink = DeviceAudioSink.open({ backend, name: 'Headset', clock: new FakeClock() });
    const stream = backend.last();
    await settle();
    assert.deepEqual(stream.written[0], new Int16Array(480), 'silence until the tick writes');
    sink.write(new Int16Array(960).fill(7));
    for (let i = 0; i < 3; i++) {
      stream.consume();
      await settle();
    }
    assert.deepEqual(
      stream.written.slice(1, 4).map((chunk) => chunk[0]),
      [7, 7, 0],
    );
    await sink.closed();
  });

  test('a playback device that stops taking audio falls back; write never throws', async () => {
    const backend = backendWithHeadset();
    const clock = new FakeClock();
    const sink = DeviceAudioSink.open({ backend, name: 'Headset', clock, stallMs: 300 });
    const events: DeviceFellBackEvent[] = [];
    sink.on('deviceFellBack', (event) => events.push(event));
    const headset = backend.last();
    for (let i = 0; i < 6; i++) {
      sink.write(new Int16Array(960));
      headset.consume();
      await settle();
    }
    clock.advance(400); // the device stopped consuming
    assert.doesNotThrow(() => sink.write(new Int16Array(960)));
    await settle();
    assert.equal(events[0]?.from, 'Headset');
    assert.equal(events[0]?.to, 'default');
    assert.equal(headset.quitCalled, true);
    assert.equal(sink.deviceName, 'default');
    await sink.closed();
  });
});
