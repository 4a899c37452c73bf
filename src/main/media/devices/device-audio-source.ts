import { downMixInterleavedToMono } from '../audio/down-mix.js';
import { float32ToInt16, int16ToFloat32 } from '../audio/pcm-convert.js';
import { Resampler } from '../audio/resampler.js';
import { ENGINE_FRAME_SAMPLES, ENGINE_SAMPLE_RATE, type AudioSource } from '../session/audio-io.js';
import { errorMessage } from './audio-device-error.js';
import { PcmRingBuffer, type RingBufferCounters } from './pcm-ring-buffer.js';
import { DeviceStreamKeeper, type DeviceStreamEvents, type DeviceSwitchOutcome, type DeviceStreamOptions, type OpenedDevice } from './device-stream-keeper.js';

export interface DeviceAudioOptions extends DeviceStreamOptions {
  /** What the ring buffer may hold, in ms. Default 200. */
  readonly bufferMs?: number;
  /** Delay kept beyond one frame before the oldest audio is dropped, in ms. Default 60. */
  readonly slackMs?: number;
}

export interface DeviceAudioCounters extends RingBufferCounters {
  /** Status reports (xruns) from PortAudio. */
  readonly deviceStatusReports: number;
  readonly fallbacks: number;
}

/** Capture in 10 ms chunks: fine enough for the 20 ms tick, coarse enough for the pool thread. */
const CHUNKS_PER_SECOND = 100;

/**
 * A microphone: naudiodon capture at 48 kHz mono (resampled and down-mixed when the device
 * cannot), behind the session's `AudioSource`. A capture loop at the device's pace fills a ring
 * buffer; `read` takes 20 ms from it at the tick's pace, silence when it runs dry. A device that
 * fails or goes quiet is replaced by the default one (`deviceFellBack`); `read` never throws.
 */
export class DeviceAudioSource implements AudioSource {
  readonly #keeper: DeviceStreamKeeper;
  readonly #ring: PcmRingBuffer;
  readonly #slack: number;
  #statusReports = 0;

  private constructor(options: DeviceAudioOptions) {
    this.#ring = new PcmRingBuffer(Math.round((ENGINE_SAMPLE_RATE * (options.bufferMs ?? 200)) / 1000));
    this.#slack = Math.round((ENGINE_SAMPLE_RATE * (options.slackMs ?? 60)) / 1000);
    this.#keeper = new DeviceStreamKeeper('input', options, (opened) => {
      this.#ring.clear();
      this.#capture(opened).catch((error: unknown) => this.#keeper.fail(opened, errorMessage(error)));
    });
  }

  /** Opens the named input (or the default). Throws an `AudioDeviceError` when none can be opened. */
  static open(options: DeviceAudioOptions): DeviceAudioSource {
    const source = new DeviceAudioSource(options);
    source.#keeper.openFirst(options.name);
    return source;
  }

  on<E extends keyof DeviceStreamEvents & string>(event: E, listener: (payload: DeviceStreamEvents[E]) => void): () => void {
    return this.#keeper.events.on(event, listener);
  }

  /** The device capturing now, if any. */
  get deviceName(): string | undefined {
    return this.#keeper.current?.device.name;
  }

  read(frameSamples48k: number = ENGINE_FRAME_SAMPLES): Int16Array {
    this.#keeper.check();
    // The capture loop may have run ahead (before the first tick, or by drift): keep the delay down.
    this.#ring.discardOldest(this.#ring.available - frameSamples48k - this.#slack);
    return this.#ring.pull(frameSamples48k, this.#keeper.flowing);
  }

  /** Moves to another microphone while the call goes on (undefined: the default); see `DeviceStreamKeeper.switchTo`. */
  switchTo(name: string | undefined): Promise<DeviceSwitchOutcome> {
    return this.#keeper.switchTo(name);
  }

  counters(): DeviceAudioCounters {
    return { ...this.#ring.counters(), deviceStatusReports: this.#statusReports, fallbacks: this.#keeper.fallbacks };
  }

  close(): void {
    void this.#keeper.close();
  }

  /** Waits until the device stream is closed (tests, shutdown). */
  closed(): Promise<void> {
    return this.#keeper.close();
  }

  async #capture(opened: OpenedDevice): Promise<void> {
    const { channelCount, sampleRate } = opened;
    const bytes = Math.round(sampleRate / CHUNKS_PER_SECOND) * channelCount * 2;
    const resampler = sampleRate === ENGINE_SAMPLE_RATE ? undefined : new Resampler(sampleRate, ENGINE_SAMPLE_RATE);
    while (this.#keeper.isCurrent(opened)) {
      const result = await opened.stream.read(bytes);
      if (!this.#keeper.isCurrent(opened)) return;
      if (result.kind === 'finished') {
        this.#keeper.fail(opened, 'the capture stream finished');
        return;
      }
      this.#keeper.progress(opened);
      if (result.kind === 'status') {
        this.#statusReports++;
        continue;
      }
      const mono = channelCount === 1 ? result.pcm : downMixInterleavedToMono(result.pcm, channelCount);
      this.#ring.push(resampler ? float32ToInt16(resampler.process(int16ToFloat32(mono))) : mono);
    }
  }
}
