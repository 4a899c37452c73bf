import type { AudioDeviceBackend } from './audio-device-binding.js';

export type AudioDirection = 'input' | 'output';

/** One PortAudio device as the settings page and the device streams see it. */
export interface AudioDevice {
  /** PortAudio's index: valid only until the device list changes, so devices are remembered by name. */
  readonly id: number;
  readonly name: string;
  readonly hostApi: string;
  readonly maxInputChannels: number;
  readonly maxOutputChannels: number;
  readonly defaultSampleRate: number;
  readonly isDefaultInput: boolean;
  readonly isDefaultOutput: boolean;
}

/** Every device PortAudio sees now (it enumerates afresh whenever no stream is open). */
export function listAudioDevices(backend: AudioDeviceBackend): AudioDevice[] {
  const defaults = backend.defaultDevices();
  return backend.listDevices().map((device) => ({
    id: device.id,
    name: device.name,
    hostApi: device.hostApiName,
    maxInputChannels: device.maxInputChannels,
    maxOutputChannels: device.maxOutputChannels,
    defaultSampleRate: device.defaultSampleRate,
    isDefaultInput: device.id === defaults.input,
    isDefaultOutput: device.id === defaults.output,
  }));
}

export function canUse(device: AudioDevice, direction: AudioDirection): boolean {
  return (direction === 'input' ? device.maxInputChannels : device.maxOutputChannels) > 0;
}

/** The default device for a direction: PortAudio's default, else one named "default", else the first that can. */
export function defaultDevice(list: readonly AudioDevice[], direction: AudioDirection): AudioDevice | undefined {
  const usable = list.filter((device) => canUse(device, direction));
  return (
    usable.find((device) => (direction === 'input' ? device.isDefaultInput : device.isDefaultOutput)) ??
    usable.find((device) => device.name === 'default') ??
    usable[0]
  );
}

export interface DeviceChoice {
  readonly device: AudioDevice;
  /** True when the named device was not there and the default was taken instead. */
  readonly fellBack: boolean;
}

/**
 * The device a remembered name means now: the exact name, else the same name in another case,
 * else the default device (`fellBack`). Undefined only when no device can go that way at all.
 */
export function findDevice(list: readonly AudioDevice[], name: string | undefined, direction: AudioDirection): DeviceChoice | undefined {
  if (name !== undefined && name !== '') {
    const usable = list.filter((device) => canUse(device, direction));
    const wanted = name.toLowerCase();
    const named = usable.find((device) => device.name === name) ?? usable.find((device) => device.name.toLowerCase() === wanted);
    if (named) return { device: named, fellBack: false };
  }
  const fallback = defaultDevice(list, direction);
  return fallback ? { device: fallback, fellBack: name !== undefined && name !== '' } : undefined;
}
