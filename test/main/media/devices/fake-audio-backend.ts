import type { AudioDeviceBackend, NativeAudioStream, NativeDefaultDevices, NativeDeviceInfo, NativeReadResult, NativeStreamFormat } from '../../../../src/main/media/devices/audio-device-binding.js';

/** A device entry as naudiodon would list it. */
export function fakeDevice(id: number, name: string, inputs: number, outputs: number, defaultSampleRate = 48000): NativeDeviceInfo {
  return { id, name, hostApiName: 'ALSA', maxInputChannels: inputs, maxOutputChannels: outputs, defaultSampleRate };
}

/**
 * A PortAudio stand-in driven by the test: capture reads wait for `deliver`, playback writes
 * wait for `consume`, and `die` ends a stream the way a vanished device does (or `hang` leaves
 * it silent, for the stall watchdog).
 */
export class FakeStream implements NativeAudioStream {
  readonly format: NativeStreamFormat;
  readonly direction: 'input' | 'output';
  started = false;
  quitCalled = false;
  readonly written: Int16Array[] = [];
  #pendingRead: ((result: NativeReadResult) => void) | undefined;
  #pendingWrite: (() => void) | undefined;

  constructor(direction: 'input' | 'output', format: NativeStreamFormat) {
    this.direction = direction;
    this.format = format;
  }

  start(): void {
    this.started = true;
  }

  read(_bytes: number): Promise<NativeReadResult> {
    return new Promise((resolve) => (this.#pendingRead = resolve));
  }

  write(pcm: Int16Array): Promise<string | undefined> {
    this.written.push(Int16Array.from(pcm));
    return new Promise((resolve) => (this.#pendingWrite = () => resolve(undefined)));
  }

  quit(): Promise<void> {
    this.quitCalled = true;
    this.#pendingRead?.({ kind: 'finished' });
    this.#pendingWrite?.();
    return Promise.resolve();
  }

  /** Hands a captured chunk to the waiting read. */
  deliver(pcm: Int16Array): void {
    const resolve = this.#pendingRead;
    this.#pendingRead = undefined;
    resolve?.({ kind: 'data', pcm });
  }

  /** Lets the waiting write return (the device took a chunk). */
  consume(): void {
    const resolve = this.#pendingWrite;
    this.#pendingWrite = undefined;
    resolve?.();
  }

  /** The device is gone: a capture read ends with `finished`. */
  die(): void {
    const resolve = this.#pendingRead;
    this.#pendingRead = undefined;
    resolve?.({ kind: 'finished' });
  }
}

export class FakeAudioBackend implements AudioDeviceBackend {
  devices: NativeDeviceInfo[];
  defaults: NativeDefaultDevices;
  /** Device names that refuse to open; `formats` narrows what the rest accept. */
  readonly refuse = new Set<string>();
  acceptRates: readonly number[] | undefined;
  readonly streams: FakeStream[] = [];
  readonly idle = true;
  readonly stuckStreams = 0;

  constructor(devices: NativeDeviceInfo[], defaults: NativeDefaultDevices) {
    this.devices = devices;
    this.defaults = defaults;
  }

  listDevices(): readonly NativeDeviceInfo[] {
    return this.devices;
  }

  defaultDevices(): NativeDefaultDevices {
    return this.defaults;
  }

  openCapture(format: NativeStreamFormat): NativeAudioStream {
    return this.#open('input', format);
  }

  openPlayback(format: NativeStreamFormat): NativeAudioStream {
    return this.#open('output', format);
  }

  whenIdle(): Promise<void> {
    return Promise.resolve();
  }

  /** The newest stream opened. */
  last(): FakeStream {
    const stream = this.streams.at(-1);
    if (!stream) throw new Error('no stream opened');
    return stream;
  }

  nameOf(stream: FakeStream): string | undefined {
    return this.devices.find((device) => device.id === stream.format.deviceId)?.name;
  }

  #open(direction: 'input' | 'output', format: NativeStreamFormat): FakeStream {
    const device = this.devices.find((entry) => entry.id === format.deviceId);
    if (!device || this.refuse.has(device.name)) throw new Error('Could not open stream: Invalid device');
    if (this.acceptRates && !this.acceptRates.includes(format.sampleRate)) throw new Error('Format not supported: Invalid sample rate');
    const stream = new FakeStream(direction, format);
    this.streams.push(stream);
    return stream;
  }
}

/** Lets pending promise callbacks (the pumps) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
