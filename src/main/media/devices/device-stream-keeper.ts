import { systemClock, type Clock } from '../../clock.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { ENGINE_SAMPLE_RATE } from '../session/audio-io.js';
import type { AudioDeviceBackend, NativeAudioStream } from './audio-device-binding.js';
import { AudioDeviceError, errorMessage } from './audio-device-error.js';
import { defaultDevice, findDevice, listAudioDevices, type AudioDevice, type AudioDirection } from './audio-device-list.js';

/** A device that vanished or failed was replaced (`to`), or nothing could replace it yet (`to` undefined: silence, retrying). */
export interface DeviceFellBackEvent {
  readonly direction: AudioDirection;
  readonly from: string;
  readonly to: string | undefined;
  readonly reason: string;
}

export interface DeviceOpenedEvent {
  readonly direction: AudioDirection;
  readonly name: string;
  readonly sampleRate: number;
  readonly channelCount: number;
}

export interface DeviceStreamEvents extends Record<string, unknown> {
  deviceOpened: DeviceOpenedEvent;
  deviceFellBack: DeviceFellBackEvent;
}

export interface DeviceStreamListeners {
  readonly deviceOpened?: (event: DeviceOpenedEvent) => void;
  readonly deviceFellBack?: (event: DeviceFellBackEvent) => void;
}

export interface DeviceStreamOptions {
  readonly backend: AudioDeviceBackend;
  /** The remembered device name; the default device when absent or gone. */
  readonly name?: string | undefined;
  readonly clock?: Clock;
  /** Longest silence from a running stream before it counts as gone. Default 1000 ms for a microphone, 2500 ms for a loudspeaker. */
  readonly stallMs?: number;
  /** Longest wait for a new stream's first audio. PortAudio over the ALSA pulse plugin takes 1–2 s here. Default 5000 ms. */
  readonly startupMs?: number;
  /** Pause between attempts when no device can be opened. Default 2000 ms. */
  readonly retryMs?: number;
  /** Attached before the first open, so they hear its `deviceOpened` too (`on` comes too late for that one). */
  readonly listeners?: DeviceStreamListeners;
}

/** A stream that is open now, with the format PortAudio accepted. */
export interface OpenedDevice {
  readonly stream: NativeAudioStream;
  readonly device: AudioDevice;
  readonly sampleRate: number;
  readonly channelCount: number;
}

type KeeperState = 'open' | 'recovering' | 'waiting' | 'closed';

const INPUT_STALL_MS = 1000;
const OUTPUT_STALL_MS = 2500;

/** Frames per PortAudio callback: 0 lets PortAudio choose; over the pulse plugin it then starts about twice as fast as with 960. */
const FRAMES_PER_BUFFER = 0;

/**
 * Keeps one direction's device stream alive: opens the remembered device (or the default),
 * notices when it fails or goes quiet, and replaces it with the default device, announcing
 * `deviceFellBack`. The direction-specific pump (capture or playback loop) is started through
 * `onOpened` for each stream; it reports `progress` and `fail`. Nothing here throws after the
 * first open: the tick calls `check()`, which only looks at the time.
 */
export class DeviceStreamKeeper {
  readonly events = new TypedEmitter<DeviceStreamEvents>();
  readonly direction: AudioDirection;
  readonly #backend: AudioDeviceBackend;
  readonly #clock: Clock;
  readonly #stallMs: number;
  readonly #startupMs: number;
  readonly #retryMs: number;
  readonly #onOpened: (opened: OpenedDevice) => void;
  readonly #maxQueue: number;
  #state: KeeperState = 'waiting';
  #current: OpenedDevice | undefined;
  #lastName: string;
  #openedAtMs = 0;
  #lastProgressMs: number | undefined;
  #retryAtMs = 0;
  #fallbacks = 0;
  #closing: Promise<void> | undefined;

  constructor(direction: AudioDirection, options: DeviceStreamOptions, onOpened: (opened: OpenedDevice) => void) {
    this.direction = direction;
    this.#backend = options.backend;
    this.#clock = options.clock ?? systemClock;
    // A playback write after an underflow blocks ~1.0 s while the ALSA pulse plugin refills
    // (measured 1006–1017 ms): a loudspeaker is only counted as gone after longer than that.
    this.#stallMs = options.stallMs ?? (direction === 'output' ? OUTPUT_STALL_MS : INPUT_STALL_MS);
    this.#startupMs = options.startupMs ?? 5000;
    this.#retryMs = options.retryMs ?? 2000;
    this.#onOpened = onOpened;
    // Capture: room for bursts while the JS thread is busy. Playback: ~2 chunks keeps delay low.
    this.#maxQueue = direction === 'input' ? 16 : 2;
    this.#lastName = options.name ?? 'default';
    const { deviceOpened, deviceFellBack } = options.listeners ?? {};
    if (deviceOpened) this.events.on('deviceOpened', deviceOpened);
    if (deviceFellBack) this.events.on('deviceFellBack', deviceFellBack);
  }

  /**
   * Opens the named device, else the default (announced as a fallback). Throws
   * `AUDIO_DEVICE_NOT_FOUND` / `AUDIO_DEVICE_OPEN_FAILED` when nothing can be opened at all:
   * creating a device source or sink is the one moment a failure may be thrown.
   */
  openFirst(name: string | undefined): void {
    const list = listAudioDevices(this.#backend);
    const choice = findDevice(list, name, this.direction);
    if (!choice) throw new AudioDeviceError('AUDIO_DEVICE_NOT_FOUND', `no audio ${this.direction} device`);
    let device = choice.device;
    let opened: OpenedDevice;
    try {
      opened = this.#openDevice(device);
    } catch (error) {
      const fallback = defaultDevice(list, this.direction);
      if (!fallback || fallback.id === device.id) throw error;
      device = fallback;
      opened = this.#openDevice(fallback);
    }
    if (name !== undefined && name !== '' && device.name !== name) {
      const event: DeviceFellBackEvent = { direction: this.direction, from: name, to: device.name, reason: 'device not found or refused' };
      this.#fallbacks++;
      // Listeners are attached after construction; tell them on the next microtask.
      queueMicrotask(() => this.events.emit('deviceFellBack', event));
    }
    this.#started(opened);
  }

  get current(): OpenedDevice | undefined {
    return this.#current;
  }

  get fallbacks(): number {
    return this.#fallbacks;
  }

  /** True once the current stream has moved audio (underruns before that are not counted). */
  get flowing(): boolean {
    return this.#state === 'open' && this.#lastProgressMs !== undefined;
  }

  isCurrent(opened: OpenedDevice): boolean {
    return this.#current === opened && this.#state === 'open';
  }

  progress(opened: OpenedDevice): void {
    if (this.isCurrent(opened)) this.#lastProgressMs = this.#clock.now();
  }

  /** The pump's stream failed: close it and fall back to the default device. */
  fail(opened: OpenedDevice, reason: string): void {
    if (!this.isCurrent(opened)) return;
    this.#state = 'recovering';
    this.#current = undefined;
    const from = opened.device.name;
    void opened.stream
      .quit()
      .then(() => this.#backend.whenIdle())
      .then(() => this.#fallBack(from, reason));
  }

  /** Called by the tick: notices a stream gone quiet and retries when nothing is open. Never throws. */
  check(): void {
    try {
      const now = this.#clock.now();
      if (this.#state === 'open' && this.#current) {
        const since = this.#lastProgressMs ?? this.#openedAtMs;
        const limit = this.#lastProgressMs === undefined ? this.#startupMs : this.#stallMs;
        if (now - since > limit) this.fail(this.#current, `no audio for ${Math.round(now - since)} ms`);
      } else if (this.#state === 'waiting' && now >= this.#retryAtMs && this.#backend.idle) {
        this.#fallBack(this.#lastName, undefined);
      }
    } catch {
      // A tick must go on whatever the device does.
    }
  }

  /** Closes the stream; every call resolves when that quit has returned (or was given up as stuck). */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const current = this.#current;
    this.#state = 'closed';
    this.#current = undefined;
    this.events.removeAllListeners();
    if (current) await current.stream.quit();
  }

  /** Opens the default device after `from` failed; `reason` undefined is a quiet retry. */
  #fallBack(from: string, reason: string | undefined): void {
    if (this.#state === 'closed') return;
    try {
      const device = defaultDevice(listAudioDevices(this.#backend), this.direction);
      if (!device) throw new AudioDeviceError('AUDIO_DEVICE_NOT_FOUND', `no audio ${this.direction} device`);
      const opened = this.#openDevice(device);
      this.#fallbacks++;
      this.events.emit('deviceFellBack', { direction: this.direction, from, to: device.name, reason: reason ?? 'device came back' });
      this.#started(opened);
    } catch (error) {
      this.#state = 'waiting';
      this.#lastName = from;
      this.#retryAtMs = this.#clock.now() + this.#retryMs;
      if (reason !== undefined) {
        this.#fallbacks++;
        this.events.emit('deviceFellBack', { direction: this.direction, from, to: undefined, reason: `${reason}; ${errorMessage(error)}` });
      }
    }
  }

  #started(opened: OpenedDevice): void {
    this.#current = opened;
    this.#state = 'open';
    this.#lastName = opened.device.name;
    this.#openedAtMs = this.#clock.now();
    this.#lastProgressMs = undefined;
    this.events.emit('deviceOpened', { direction: this.direction, name: opened.device.name, sampleRate: opened.sampleRate, channelCount: opened.channelCount });
    this.#onOpened(opened);
  }

  /** 48 kHz mono first (no conversion), then stereo, then the device's own rate. */
  #openDevice(device: AudioDevice): OpenedDevice {
    const maxChannels = this.direction === 'input' ? device.maxInputChannels : device.maxOutputChannels;
    const rates = [...new Set([ENGINE_SAMPLE_RATE, Math.round(device.defaultSampleRate)])].filter((rate) => rate > 0);
    const channels = [1, 2].filter((count) => count <= maxChannels);
    const refusals: string[] = [];
    for (const sampleRate of rates) {
      for (const channelCount of channels) {
        const format = { deviceId: device.id, sampleRate, channelCount, framesPerBuffer: FRAMES_PER_BUFFER, maxQueue: this.#maxQueue };
        let stream: NativeAudioStream | undefined;
        try {
          stream = this.direction === 'input' ? this.#backend.openCapture(format) : this.#backend.openPlayback(format);
          stream.start();
          return { stream, device, sampleRate, channelCount };
        } catch (error) {
          if (stream) void stream.quit();
          refusals.push(`${sampleRate} Hz × ${channelCount}: ${errorMessage(error)}`);
        }
      }
    }
    throw new AudioDeviceError('AUDIO_DEVICE_OPEN_FAILED', `cannot open ${this.direction} device "${device.name}": ${refusals.join('; ') || 'no channels'}`);
  }
}
