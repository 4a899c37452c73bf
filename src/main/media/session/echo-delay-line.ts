import { ENGINE_FRAME_SAMPLES, type AudioSink, type AudioSource } from './audio-io.js';

/**
 * An echo test's audio (the demo's Echo buddy, like the echo services of classic softphones):
 * what the call hears is written here and read back `delayMs` later as its microphone. Until
 * then, and whenever nothing was heard, it returns silence.
 */
export class EchoDelayLine implements AudioSource, AudioSink {
  readonly delayFrames: number;
  readonly #frames: Int16Array[] = [];

  constructor(delayMs: number) {
    this.delayFrames = Math.max(1, Math.round(delayMs / 20));
  }

  write(pcm48k: Int16Array): void {
    this.#frames.push(Int16Array.from(pcm48k));
    // Never more than the delay in memory: an hour-long call holds one second of audio.
    while (this.#frames.length > this.delayFrames + 1) this.#frames.shift();
  }

  read(frameSamples48k: number = ENGINE_FRAME_SAMPLES): Int16Array {
    if (this.#frames.length <= this.delayFrames) return new Int16Array(frameSamples48k);
    const frame = this.#frames.shift() ?? new Int16Array(frameSamples48k);
    return frame.length === frameSamples48k ? frame : Int16Array.from({ length: frameSamples48k }, (_, n) => frame[n] ?? 0);
  }
}
