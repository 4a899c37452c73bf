import { float32ToInt16, int16ToFloat32 } from '../audio/pcm-convert.js';
import { Resampler } from '../audio/resampler.js';
import { ENGINE_SAMPLE_RATE, type AudioSink } from '../session/audio-io.js';
import { errorMessage } from './audio-device-error.js';
import type { DeviceAudioCounters, DeviceAudioOptions } from './device-audio-source.js';
import { PcmRingBuffer } from './pcm-ring-buffer.js';
import { DeviceStreamKeeper, type DeviceStreamEvents, type DeviceSwitchOutcome, type OpenedDevice } from './device-stream-keeper.js';

/** Play in 10 ms chunks; with two queued, the device asks for the next one every 10 ms. */
const CHUNKS_PER_SECOND = 100;
/** naudiodon's queue (2) plus the chunk PortAudio holds, plus one: writes that return before the device runs. */
const QUEUED_BEFORE_START = 4;

/**
 * A loudspeaker: naudiodon playback behind the session's `AudioSink`. `write` puts 48 kHz mono
 * into a ring buffer (at the device's rate when it cannot do 48 kHz); a playback loop paced by
 * the device takes 10 ms chunks from it, silence when it runs dry (PortAudio's callback waits
 * for data, so the loop never stops writing). A device that fails or goes quiet is replaced by
 * the default one (`deviceFellBack`); `write` never throws.
 */
export class DeviceAudioSink implements AudioSink {
  readonly #keeper: DeviceStreamKeeper;
  readonly #ring: PcmRingBuffer;
  readonly #slackMs: number;
  #resampler: Resampler | undefined;
  #deviceRate = ENGINE_SAMPLE_RATE;
  #written = false;
  #statusReports = 0;

  private constructor(options: DeviceAudioOptions) {
    // Sized for rates up to 96 kHz; the ring holds the device's rate.
    this.#ring = new PcmRingBuffer(Math.round((2 * ENGINE_SAMPLE_RATE * (options.bufferMs ?? 200)) / 1000));
    this.#slackMs = options.slackMs ?? 60;
    this.#keeper = new DeviceStreamKeeper('output', options, (opened) => {
      this.#ring.clear();
      this.#deviceRate = opened.sampleRate;
      this.#resampler = opened.sampleRate === ENGINE_SAMPLE_RATE ? undefined : new Resampler(ENGINE_SAMPLE_RATE, opened.sampleRate);
      this.#play(opened).catch((error: unknown) => this.#keeper.fail(opened, errorMessage(error)));
    });
  }

  /** Opens the named output (or the default). Throws an `AudioDeviceError` when none can be opened. */
  static open(options: DeviceAudioOptions): DeviceAudioSink {
    const sink = new DeviceAudioSink(options);
    sink.#keeper.openFirst(options.name);
    return sink;
  }

  on<E extends keyof DeviceStreamEvents & string>(event: E, listener: (payload: DeviceStreamEvents[E]) => void): () => void {
    return this.#keeper.events.on(event, listener);
  }

  get deviceName(): string | undefined {
    return this.#keeper.current?.device.name;
  }

  write(pcm48k: Int16Array): void {
    this.#keeper.check();
    if (!this.#keeper.current) return;
    this.#written = true;
    this.#ring.push(this.#resampler ? float32ToInt16(this.#resampler.process(int16ToFloat32(pcm48k))) : pcm48k);
  }

  /** Moves to another loudspeaker while the call goes on (undefined: the default); see `DeviceStreamKeeper.switchTo`. */
  switchTo(name: string | undefined): Promise<DeviceSwitchOutcome> {
    return this.#keeper.switchTo(name);
  }

  counters(): DeviceAudioCounters {
    return { ...this.#ring.counters(), deviceStatusReports: this.#statusReports, fallbacks: this.#keeper.fallbacks };
  }

  close(): void {
    void this.#keeper.close();
  }

  closed(): Promise<void> {
    return this.#keeper.close();
  }

  async #play(opened: OpenedDevice): Promise<void> {
    const { channelCount, sampleRate } = opened;
    const frames = Math.round(sampleRate / CHUNKS_PER_SECOND);
    const slack = Math.round((this.#deviceRate * this.#slackMs) / 1000);
    // The first writes only fill naudiodon's queue; audio moves once the device takes chunks.
    let writes = 0;
    while (this.#keeper.isCurrent(opened)) {
      // The tick may have run ahead (before the device started, or by drift): keep the delay down.
      this.#ring.discardOldest(this.#ring.available - frames - slack);
      const mono = this.#ring.pull(frames, this.#written && this.#keeper.flowing);
      const status = await opened.stream.write(channelCount === 1 ? mono : interleave(mono, channelCount));
      if (!this.#keeper.isCurrent(opened)) return;
      if (++writes > QUEUED_BEFORE_START) this.#keeper.progress(opened);
      if (status !== undefined) this.#statusReports++;
    }
  }
}

function interleave(mono: Int16Array, channelCount: number): Int16Array {
  const out = new Int16Array(mono.length * channelCount);
  for (let n = 0; n < mono.length; n++) out.fill(mono[n] ?? 0, n * channelCount, (n + 1) * channelCount);
  return out;
}
