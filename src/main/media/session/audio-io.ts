/**
 * Where a session's sound comes from and goes to: the microphone side and the loudspeaker side,
 * as small interfaces so files, test tones and (later) naudiodon devices plug in the same way.
 * Everything is 48 kHz mono 16-bit PCM in 20 ms frames (DESIGN.md, "Media").
 */
export const ENGINE_SAMPLE_RATE = 48000;
/** 20 ms at 48 kHz. */
export const ENGINE_FRAME_SAMPLES = 960;

export interface AudioSource {
  /** The next `frameSamples48k` samples; silence when there is nothing (more) to read. */
  read(frameSamples48k: number): Int16Array;
  /** True once a finite source (a file) has nothing more to play. */
  readonly ended?: boolean;
  close?(): void;
  /**
   * The frame `read` just gave, already encoded for the session's codec (a conference's one
   * shared encode for every listener who hears the same mix); undefined: the session encodes it.
   */
  preEncoded?(): Uint8Array | undefined;
}

export interface AudioSink {
  write(pcm48k: Int16Array): void;
  close?(): void;
}

/** Nothing to say. */
export class SilenceSource implements AudioSource {
  read(frameSamples48k: number): Int16Array {
    return new Int16Array(frameSamples48k);
  }
}

/** Nobody listens. */
export class NullSink implements AudioSink {
  write(_pcm48k: Int16Array): void {
    // Discarded.
  }
}

/** A steady sine for tests: `level` is the amplitude as a fraction of full scale. Endless. */
export class ToneSource implements AudioSource {
  readonly frequencyHz: number;
  readonly level: number;
  #sample = 0;

  constructor(frequencyHz: number, level = 0.5) {
    this.frequencyHz = frequencyHz;
    this.level = level;
  }

  read(frameSamples48k: number): Int16Array {
    const out = new Int16Array(frameSamples48k);
    const step = (2 * Math.PI * this.frequencyHz) / ENGINE_SAMPLE_RATE;
    for (let n = 0; n < out.length; n++) out[n] = Math.round(this.level * 32767 * Math.sin(step * (this.#sample + n)));
    this.#sample += frameSamples48k;
    return out;
  }
}

/** A sink that keeps everything in memory (tests, short recordings). */
export class MemorySink implements AudioSink {
  readonly #frames: Int16Array[] = [];

  write(pcm48k: Int16Array): void {
    this.#frames.push(Int16Array.from(pcm48k));
  }

  /** Everything written so far, as one buffer. */
  samples(): Int16Array {
    const out = new Int16Array(this.#frames.reduce((n, frame) => n + frame.length, 0));
    let offset = 0;
    for (const frame of this.#frames) {
      out.set(frame, offset);
      offset += frame.length;
    }
    return out;
  }
}
