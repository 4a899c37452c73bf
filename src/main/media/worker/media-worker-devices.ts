import { loadAudioDeviceBinding, type AudioDeviceBackend, type BindingLoadResult } from '../devices/audio-device-binding.js';
import { errorMessage, isAudioDeviceError } from '../devices/audio-device-error.js';
import { listAudioDevices, type AudioDevice } from '../devices/audio-device-list.js';
import { DeviceAudioSink } from '../devices/device-audio-sink.js';
import { DeviceAudioSource, type DeviceAudioOptions } from '../devices/device-audio-source.js';
import type { DeviceStreamListeners } from '../devices/device-stream-keeper.js';
import { MediaSessionError } from '../session/media-session-error.js';

export interface MediaWorkerDevicesOptions {
  /** Where the backend comes from: naudiodon (loaded once per process) by default, a fake in tests. */
  readonly load?: () => BindingLoadResult;
  /** Watchdog and buffer settings for every device stream (tests shorten them). */
  readonly streams?: Omit<DeviceAudioOptions, 'backend' | 'name' | 'listeners'>;
}

/**
 * A media worker's sound cards: one backend, loaded on first use (so a worker that only plays
 * files never loads naudiodon), device lists, and device sources and sinks for sessions.
 * PortAudio's (un)initialisation is not thread-safe, so nothing opens or lists while a stream is
 * still being quit.
 */
export class MediaWorkerDevices {
  readonly #load: () => BindingLoadResult;
  readonly #streams: MediaWorkerDevicesOptions['streams'];
  #loaded: BindingLoadResult | undefined;

  constructor(options: MediaWorkerDevicesOptions = {}) {
    this.#load = options.load ?? (() => loadAudioDeviceBinding());
    this.#streams = options.streams;
  }

  /** Streams whose quit never returned: the process cannot exit normally while they hold a pool thread. */
  get stuckStreams(): number {
    return this.#loaded?.ok ? this.#loaded.backend.stuckStreams : 0;
  }

  /** Every device PortAudio sees; none when naudiodon cannot load or PortAudio fails to enumerate. */
  async list(): Promise<AudioDevice[]> {
    const loaded = this.#backend();
    if (!loaded.ok) return [];
    await loaded.backend.whenIdle();
    try {
      return listAudioDevices(loaded.backend);
    } catch {
      return [];
    }
  }

  /** The named microphone (the default when absent or gone), or `MEDIA_DEVICE_UNAVAILABLE`. */
  openSource(name: string | undefined, listeners: DeviceStreamListeners): Promise<DeviceAudioSource> {
    return this.#open('input', (backend) => DeviceAudioSource.open({ ...this.#streams, backend, name, listeners }));
  }

  /** The named loudspeaker (the default when absent or gone), or `MEDIA_DEVICE_UNAVAILABLE`. */
  openSink(name: string | undefined, listeners: DeviceStreamListeners): Promise<DeviceAudioSink> {
    return this.#open('output', (backend) => DeviceAudioSink.open({ ...this.#streams, backend, name, listeners }));
  }

  /** Resolves when no stream is still being quit (each quit gives up after a bounded wait). */
  async settled(): Promise<void> {
    if (this.#loaded?.ok) await this.#loaded.backend.whenIdle();
  }

  async #open<T>(direction: 'input' | 'output', open: (backend: AudioDeviceBackend) => T): Promise<T> {
    const loaded = this.#backend();
    if (!loaded.ok) throw new MediaSessionError('MEDIA_DEVICE_UNAVAILABLE', `no audio ${direction}: ${loaded.error.message}`, { cause: loaded.error });
    await loaded.backend.whenIdle();
    try {
      return open(loaded.backend);
    } catch (error) {
      const code = isAudioDeviceError(error) ? `${error.code}: ` : '';
      throw new MediaSessionError('MEDIA_DEVICE_UNAVAILABLE', `no audio ${direction}: ${code}${errorMessage(error)}`, { cause: error });
    }
  }

  #backend(): BindingLoadResult {
    this.#loaded ??= this.#load();
    return this.#loaded;
  }
}
