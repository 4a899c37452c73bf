import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NativeAudioStream, NativeStreamFormat } from '../../../../src/main/media/devices/audio-device-binding.js';
import { DeviceAudioSink } from '../../../../src/main/media/devices/device-audio-sink.js';
import { DeviceAudioSource } from '../../../../src/main/media/devices/device-audio-source.js';
import type { DeviceFellBackEvent, DeviceOpenedEvent } from '../../../../src/main/media/devices/device-stream-keeper.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { FakeAudioBackend, fakeDevice, type FakeStream, settle } from './fake-audio-backend.js';

/**
 * Switching a running device stream to another device (issue 6: "input/output device switch"
 * in a call): the new stream opens beside the old one, a refusal keeps or reopens the old one,
 * and only when that is gone too does the default take over, as after any failure.
 */

const tenMs = (value: number): Int16Array => new Int16Array(480).fill(value);

function threeDevices(): FakeAudioBackend {
  return new FakeAudioBackend([fakeDevice(0, 'Headset', 1, 1), fakeDevice(1, 'USB Speakerphone', 1, 1), fakeDevice(2, 'default', 2, 2)], { input: 2, output: 2 });
}

/** ALSA `hw:` devices open once: `Headset` and `default` are the same card here, so one stream at a time. */
class OneCardBackend extends FakeAudioBackend {
  override openCapture(format: NativeStreamFormat): NativeAudioStream {
    const card = (name: string | undefined): boolean => name === 'Headset' || name === 'default';
    const wanted = this.devices.find((device) => device.id === format.deviceId)?.name;
    if (card(wanted) && this.streams.some((stream) => !stream.quitCalled && card(this.nameOf(stream)))) throw new Error('Device unavailable');
    return super.openCapture(format);
  }
}

/** Notes, at each open, how many streams were running: a switch that opens before it lets go opens beside one. */
class OpenCountingBackend extends FakeAudioBackend {
  readonly runningAtOpen: number[] = [];

  override openCapture(format: NativeStreamFormat): NativeAudioStream {
    this.runningAtOpen.push(this.streams.filter((stream) => !stream.quitCalled).length);
    return super.openCapture(format);
  }
}

/** Which device each stream opened, and whether it was quit, in order. */
function history(backend: FakeAudioBackend): Array<[string | undefined, boolean]> {
  return backend.streams.map((stream) => [backend.nameOf(stream), stream.quitCalled]);
}

/** Feeds a capture stream 10 ms of `value` and lets the capture loop take it. */
async function capture(stream: FakeStream, value: number): Promise<void> {
  await settle();
  stream.deliver(tenMs(value));
  await settle();
}

function openMicrophone(backend: FakeAudioBackend, name = 'Headset') {
  const source = DeviceAudioSource.open({ backend, name, clock: new FakeClock() });
  const opened: DeviceOpenedEvent[] = [];
  const fellBack: DeviceFellBackEvent[] = [];
  source.on('deviceOpened', (event) => opened.push(event));
  source.on('deviceFellBack', (event) => fellBack.push(event));
  return { source, opened, fellBack };
}

describe('switching a microphone while it captures', () => {
  test('the named device opens before the old one is let go, and its audio is what the call reads', async () => {
    const backend = new OpenCountingBackend(threeDevices().devices, { input: 2, output: 2 });
    const { source, opened, fellBack } = openMicrophone(backend);
    const headset = backend.last();
    await capture(headset, 100);
    const outcome = await source.switchTo('USB Speakerphone');
    assert.deepEqual(outcome, { ok: true, direction: 'input', name: 'USB Speakerphone' });
    assert.deepEqual(history(backend), [
      ['Headset', true],
      ['USB Speakerphone', false],
    ]);
    assert.deepEqual(backend.runningAtOpen, [0, 1], 'the new stream opened while the old one still ran');
    assert.deepEqual(opened.map((event) => event.name), ['USB Speakerphone']);
    assert.deepEqual(fellBack, [], 'a switch is not a fallback');
    assert.equal(source.deviceName, 'USB Speakerphone');
    await capture(backend.last(), 300);
    await capture(backend.last(), 300);
    assert.deepEqual([...new Set(source.read(960))], [300], 'what was captured before the switch is dropped, the new device is heard');
    await source.closed();
  });

  test('undefined switches to the default device; a name in another case finds its device', async () => {
    const backend = threeDevices();
    const { source } = openMicrophone(backend);
    assert.deepEqual(await source.switchTo(undefined), { ok: true, direction: 'input', name: 'default' });
    assert.deepEqual(await source.switchTo('usb speakerphone'), { ok: true, direction: 'input', name: 'USB Speakerphone' });
    await source.closed();
  });

  test('the device already in use is kept as it is: no stream is reopened', async () => {
    const backend = threeDevices();
    const { source } = openMicrophone(backend);
    assert.deepEqual(await source.switchTo('Headset'), { ok: true, direction: 'input', name: 'Headset' });
    assert.deepEqual(history(backend), [['Headset', false]]);
    await source.closed();
  });

  test('a name no device has is refused, and the old device goes on capturing', async () => {
    const backend = threeDevices();
    const { source, fellBack } = openMicrophone(backend);
    const headset = backend.last();
    const outcome = await source.switchTo('Bluetooth');
    assert.deepEqual(outcome, { ok: false, direction: 'input', name: 'Headset', reason: 'there is no input device named "Bluetooth"' });
    assert.deepEqual(history(backend), [['Headset', false]]);
    await capture(headset, 50);
    await capture(headset, 50);
    assert.equal(source.read(960)[0], 50);
    assert.deepEqual(fellBack, []);
    await source.closed();
  });

  test('a loudspeaker-only device cannot be the microphone', async () => {
    const backend = new FakeAudioBackend([fakeDevice(0, 'Headset', 1, 1), fakeDevice(1, 'HDMI', 0, 8)], { input: 0, output: 0 });
    const { source } = openMicrophone(backend);
    const outcome = await source.switchTo('HDMI');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.name, 'Headset');
    await source.closed();
  });

  test('a device that refuses to open even alone: the old device is opened again and the outcome says why', async () => {
    const backend = threeDevices();
    const { source, opened, fellBack } = openMicrophone(backend);
    backend.refuse.add('USB Speakerphone');
    const outcome = await source.switchTo('USB Speakerphone');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.name, 'Headset');
    assert.match(outcome.ok ? '' : outcome.reason, /cannot open input device "USB Speakerphone"/);
    assert.deepEqual(history(backend), [
      ['Headset', true],
      ['Headset', false],
    ]);
    assert.deepEqual(opened.map((event) => event.name), ['Headset']);
    assert.deepEqual(fellBack, []);
    await capture(backend.last(), 70);
    await capture(backend.last(), 70);
    assert.equal(source.read(960)[0], 70, 'the reopened device is heard');
    await source.closed();
  });

  test('a device on the card the old stream holds opens once the old stream is let go', async () => {
    const backend = new OneCardBackend([fakeDevice(0, 'Headset', 1, 1), fakeDevice(1, 'default', 2, 2)], { input: 1, output: 1 });
    const { source } = openMicrophone(backend);
    const outcome = await source.switchTo(undefined);
    assert.deepEqual(outcome, { ok: true, direction: 'input', name: 'default' });
    assert.deepEqual(history(backend), [
      ['Headset', true],
      ['default', false],
    ]);
    await source.closed();
  });

  test('when neither the new nor the old device opens, the default takes over as after a failure', async () => {
    const backend = threeDevices();
    const { source, fellBack } = openMicrophone(backend);
    backend.refuse.add('USB Speakerphone');
    backend.refuse.add('Headset');
    const outcome = await source.switchTo('USB Speakerphone');
    assert.equal(outcome.ok, false);
    assert.equal(outcome.name, 'default');
    assert.equal(fellBack.length, 1);
    assert.deepEqual([fellBack[0]?.from, fellBack[0]?.to], ['Headset', 'default']);
    assert.match(fellBack[0]?.reason ?? '', /switching to "USB Speakerphone" failed/);
    assert.equal(source.deviceName, 'default');
    await source.closed();
  });

  test('when nothing opens at all: silence, no device named, and the tick retries the default', async () => {
    const backend = threeDevices();
    const clock = new FakeClock();
    const source = DeviceAudioSource.open({ backend, name: 'Headset', clock, retryMs: 1000 });
    for (const name of ['USB Speakerphone', 'Headset', 'default']) backend.refuse.add(name);
    const outcome = await source.switchTo('USB Speakerphone');
    assert.deepEqual([outcome.ok, outcome.name], [false, null]);
    assert.deepEqual(source.read(960), new Int16Array(960));
    backend.refuse.delete('default');
    clock.advance(1000);
    source.read(960);
    assert.equal(source.deviceName, 'default');
    await source.closed();
  });

  test('a switch while nothing is open (the device failed, retrying) opens the device asked for', async () => {
    const backend = threeDevices();
    const clock = new FakeClock();
    const source = DeviceAudioSource.open({ backend, name: 'Headset', clock, retryMs: 1000 });
    backend.refuse.add('default');
    await capture(backend.last(), 1);
    backend.last().die();
    await settle();
    assert.equal(source.deviceName, undefined, 'the default refused: nothing runs');
    assert.deepEqual(await source.switchTo('USB Speakerphone'), { ok: true, direction: 'input', name: 'USB Speakerphone' });
    clock.advance(1000);
    source.read(960);
    assert.equal(source.deviceName, 'USB Speakerphone', 'the retry does not undo the switch');
    await source.closed();
  });

  test('switches asked at once run in turn; the last one asked is where the stream ends', async () => {
    const backend = threeDevices();
    const { source } = openMicrophone(backend);
    const outcomes = await Promise.all([source.switchTo('USB Speakerphone'), source.switchTo(undefined)]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.name),
      ['USB Speakerphone', 'default'],
    );
    assert.equal(source.deviceName, 'default');
    assert.equal(backend.streams.filter((stream) => !stream.quitCalled).length, 1, 'one stream open');
    await source.closed();
  });

  test('a closed microphone refuses to switch and opens nothing', async () => {
    const backend = threeDevices();
    const { source } = openMicrophone(backend);
    await source.closed();
    const outcome = await source.switchTo('USB Speakerphone');
    assert.deepEqual(outcome, { ok: false, direction: 'input', name: null, reason: 'the device stream is closed' });
    assert.equal(backend.streams.length, 1);
  });
});

describe('switching a loudspeaker while it plays', () => {
  test('what the call writes after the switch reaches the new device; the old stream is let go', async () => {
    const backend = threeDevices();
    const sink = DeviceAudioSink.open({ backend, name: 'Headset', clock: new FakeClock() });
    const headset = backend.last();
    await settle();
    const outcome = await sink.switchTo('USB Speakerphone');
    assert.deepEqual(outcome, { ok: true, direction: 'output', name: 'USB Speakerphone' });
    assert.equal(headset.quitCalled, true);
    const speakerphone = backend.last();
    await settle();
    sink.write(new Int16Array(960).fill(9));
    for (let i = 0; i < 3; i++) {
      speakerphone.consume();
      await settle();
    }
    assert.ok(
      speakerphone.written.some((chunk) => chunk[0] === 9),
      'the new device plays the call',
    );
    assert.ok(!headset.written.some((chunk) => chunk[0] === 9), 'the old device does not');
    await sink.closed();
  });
});
