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

/**
 * What a switch did. `ok`: the stream now runs on `name`, the device asked for. Otherwise
 * `reason` says why not, and `name` is the device that runs instead (the old one kept, or the
 * default after the old one could not be reopened), null when none does (silence, retrying).
 */
export type DeviceSwitchOutcome =
  | { readonly ok: true; readonly direction: AudioDirection; readonly name: string }
  | { readonly ok: false; readonly direction: AudioDirection; readonly name: string | null; readonly reason: string };

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

/** `switching`: the old stream was let go for a device that could not open beside it (see `switchTo`). */
type KeeperState = 'open' | 'recovering' | 'switching' | 'waiting' | 'closed';

const INPUT_STALL_MS = 1000;
const OUTPUT_STALL_MS = 2500;

/** Frames per PortAudio callback: 0 lets PortAudio choose; over the pulse plugin it then starts about twice as fast as with 960. */
const FRAMES_PER_BUFFER = 0;

/**
 * Keeps one direction's device stream alive: opens the remembered device (or the default),
 * notices when it fails or goes quiet, and replaces it with the default device, announcing
 * `deviceFellBack`; `switchTo` moves it to another device while it runs. The direction-specific pump (capture or playback loop) is started through
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
  /** Switches run one after the other: each starts from the stream the last one left. */
  #switching: Promise<unknown> = Promise.resolve();

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
      // A switch may have opened another device meanwhile: then there is nothing to fall back from.
      .then(() => {
        if (this.#state === 'recovering') this.#fallBack(from, reason);
      });
  }

  /**
   * Moves the stream to the named device (undefined: the default) while the call goes on. The
   * new stream is opened beside the old one first, so the audio does not pause and a device that
   * refuses leaves the old one as it was. Some devices open only once (an ALSA `hw:` card that
   * the old stream holds, reached again through `default`): then the old stream is let go and
   * the new device tried alone; if it still refuses, the old device is opened again, and if that
   * fails too, the default takes over as after any failure (`deviceFellBack`). Never throws.
   */
  switchTo(name: string | undefined): Promise<DeviceSwitchOutcome> {
    const outcome = this.#switching.then(() => this.#switch(name));
    this.#switching = outcome.catch(() => undefined);
    return outcome;
  }

  async #switch(name: string | undefined): Promise<DeviceSwitchOutcome> {
    await this.#idle();
    let target: AudioDevice | undefined;
    try {
      target = this.#find(name);
    } catch (error) {
      return this.#refused(`the ${this.direction} devices cannot be listed: ${errorMessage(error)}`);
    }
    if (this.#state === 'closed') return this.#refused('the device stream is closed');
    if (!target) return this.#refused(name === undefined ? `there is no ${this.direction} device` : `there is no ${this.direction} device named "${name}"`);
    const previous = this.#current;
    if (previous && previous.device.id === target.id) return { ok: true, direction: this.direction, name: previous.device.name };
    try {
      this.#started(this.#openDevice(target));
      if (previous) await previous.stream.quit();
      return { ok: true, direction: this.direction, name: target.name };
    } catch (error) {
      // Nothing of ours holds a device: the keeper goes on as it was (silence and retries when waiting).
      if (!previous) return this.#refused(errorMessage(error));
    }
    return this.#switchAlone(previous, target.name);
  }

  /** The new device refused to open beside the old one: let the old one go and try it alone. */
  async #switchAlone(previous: OpenedDevice, targetName: string): Promise<DeviceSwitchOutcome> {
    this.#current = undefined;
    this.#state = 'switching';
    await previous.stream.quit();
    await this.#idle();
    if (this.#closedMeanwhile()) return this.#refused('the device stream is closed');
    let refusal: string;
    try {
      return { ok: true, direction: this.direction, name: this.#openByName(targetName) };
    } catch (error) {
      refusal = errorMessage(error);
    }
    try {
      this.#openByName(previous.device.name);
      return this.#refused(refusal);
    } catch {
      // The old device is gone too: the default takes over, as after any failure.
    }
    this.#state = 'recovering';
    this.#fallBack(previous.device.name, `switching to "${targetName}" failed: ${refusal}`);
    return this.#refused(refusal);
  }

  /**
   * Opens a device by name and makes it the current stream; returns its name as listed. Looked up
   * afresh: with no stream left open PortAudio may have started anew, with new device ids.
   */
  #openByName(name: string): string {
    const device = this.#find(name);
    if (!device) throw new AudioDeviceError('AUDIO_DEVICE_NOT_FOUND', `there is no ${this.direction} device named "${name}"`);
    this.#started(this.#openDevice(device));
    return device.name;
  }

  /** The device a switch means: the named one (exactly, else in another case), or the default; undefined when there is none. */
  #find(name: string | undefined): AudioDevice | undefined {
    const list = listAudioDevices(this.#backend);
    if (name === undefined) return defaultDevice(list, this.direction);
    const choice = findDevice(list, name, this.direction);
    return choice && !choice.fellBack ? choice.device : undefined;
  }

  /** Whether `close()` came during an await (a method of its own: the compiler narrows `#state` across awaits). */
  #closedMeanwhile(): boolean {
    return this.#state === 'closed';
  }

  #refused(reason: string): DeviceSwitchOutcome {
    return { ok: false, direction: this.direction, name: this.#current?.device.name ?? null, reason };
  }

  /** Until no stream of the backend is being quit: PortAudio must not be initialised meanwhile. */
  async #idle(): Promise<void> {
    while (!this.#backend.idle) await this.#backend.whenIdle();
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
