import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDefaultDevices, parseNativeDevice } from '../../../../src/main/media/devices/audio-device-binding.js';
import { defaultDevice, findDevice, listAudioDevices } from '../../../../src/main/media/devices/audio-device-list.js';
import { FakeAudioBackend, fakeDevice } from './fake-audio-backend.js';

const backend = new FakeAudioBackend(
  [fakeDevice(0, 'USB Headset', 1, 2), fakeDevice(1, 'HDMI Out', 0, 8, 44100), fakeDevice(2, 'default', 32, 32), fakeDevice(3, 'Webcam Mic', 2, 0)],
  { input: 2, output: 2 },
);

describe('listAudioDevices: PortAudio devices as typed values', () => {
  test('each device carries its channels, rate, host API and default flags', () => {
    const list = listAudioDevices(backend);
    assert.equal(list.length, 4);
    assert.deepEqual(list[1], {
      id: 1,
      name: 'HDMI Out',
      hostApi: 'ALSA',
      maxInputChannels: 0,
      maxOutputChannels: 8,
      defaultSampleRate: 44100,
      isDefaultInput: false,
      isDefaultOutput: false,
    });
    assert.equal(list[2]?.isDefaultInput, true);
    assert.equal(list[2]?.isDefaultOutput, true);
  });

  test("naudiodon's raw entries are checked, not trusted", () => {
    assert.equal(parseNativeDevice({ id: 'x', name: 'a' }), undefined);
    assert.equal(parseNativeDevice(null), undefined);
    assert.deepEqual(parseNativeDevice({ id: 4, name: 'pulse', hostAPIName: 'ALSA', maxInputChannels: 32 }), {
      id: 4,
      name: 'pulse',
      hostApiName: 'ALSA',
      maxInputChannels: 32,
      maxOutputChannels: 0,
      defaultSampleRate: 0,
    });
  });

  test('the default host API names the defaults; 0xffffffff means none', () => {
    const apis = { defaultHostAPI: 0, HostAPIs: [{ id: 0, name: 'ALSA', defaultInput: 1, defaultOutput: 4294967295 }] };
    assert.deepEqual(parseDefaultDevices(apis), { input: 1, output: undefined });
    assert.deepEqual(parseDefaultDevices('nonsense'), { input: undefined, output: undefined });
  });
});

describe('findDevice: a remembered name, else the default', () => {
  const list = listAudioDevices(backend);

  test('the exact name wins, then the same name in another case', () => {
    assert.deepEqual(findDevice(list, 'USB Headset', 'input'), { device: list[0], fellBack: false });
    assert.equal(findDevice(list, 'usb headset', 'output')?.device.name, 'USB Headset');
  });

  test('a name that is gone falls back to the default, and says so', () => {
    assert.deepEqual(findDevice(list, 'Bluetooth', 'output'), { device: list[2], fellBack: true });
  });

  test('a device that cannot go that way is not chosen by name', () => {
    assert.deepEqual(findDevice(list, 'Webcam Mic', 'output'), { device: list[2], fellBack: true });
    assert.equal(findDevice(list, 'HDMI Out', 'input')?.device.name, 'default');
  });

  test('no name is the default without a fallback', () => {
    assert.deepEqual(findDevice(list, undefined, 'input'), { device: list[2], fellBack: false });
  });

  test('without a PortAudio default: a device named "default", else the first that can', () => {
    const noDefaults = listAudioDevices(new FakeAudioBackend(backend.devices, { input: undefined, output: undefined }));
    assert.equal(defaultDevice(noDefaults, 'output')?.name, 'default');
    const plain = listAudioDevices(new FakeAudioBackend([fakeDevice(0, 'Mic', 1, 0), fakeDevice(1, 'Speakers', 0, 2)], { input: undefined, output: undefined }));
    assert.equal(defaultDevice(plain, 'output')?.name, 'Speakers');
    assert.equal(findDevice([], 'Mic', 'input'), undefined);
  });
});
