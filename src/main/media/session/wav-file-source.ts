import { readFileSync } from 'node:fs';
import { toMonoPcm } from '../audio/mono-pcm.js';
import { readWav } from '../audio/wav-reader.js';
import { ENGINE_SAMPLE_RATE, type AudioSource } from './audio-io.js';
import { MediaSessionError } from './media-session-error.js';

export interface WavFileSourceOptions {
  /** Play from the start again when the end is reached (never `ended`): a bot that talks on. */
  readonly loop?: boolean | undefined;
}

/**
 * `--play FILE.wav` as the microphone: any rate and channel count the WAV reader knows, mixed to
 * mono and resampled to 48 kHz once, up front; then silence, with `ended` set — or, looping,
 * the file again from its start.
 */
export class WavFileSource implements AudioSource {
  readonly #pcm: Int16Array;
  readonly #loop: boolean;
  #position = 0;

  constructor(pcm48k: Int16Array, options: WavFileSourceOptions = {}) {
    this.#pcm = pcm48k;
    // An empty file has nothing to repeat: it ends at once.
    this.#loop = options.loop === true && pcm48k.length > 0;
  }

  /** Reads and converts a WAV file; an unreadable or undecodable file is `MEDIA_SOURCE_UNREADABLE`. */
  static open(path: string, options: WavFileSourceOptions = {}): WavFileSource {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new MediaSessionError('MEDIA_SOURCE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    return WavFileSource.fromBytes(bytes, path, options);
  }

  static fromBytes(bytes: Uint8Array, name = 'the WAV data', options: WavFileSourceOptions = {}): WavFileSource {
    const wav = readWav(bytes, { allowTruncatedData: true });
    if (!wav.ok) throw new MediaSessionError('MEDIA_SOURCE_UNREADABLE', `${name}: ${wav.error.message}`, { cause: wav.error });
    return new WavFileSource(toMonoPcm(wav.value, ENGINE_SAMPLE_RATE), options);
  }

  /** Length of the audio in ms. */
  get durationMs(): number {
    return (this.#pcm.length * 1000) / ENGINE_SAMPLE_RATE;
  }

  get ended(): boolean {
    return !this.#loop && this.#position >= this.#pcm.length;
  }

  read(frameSamples48k: number): Int16Array {
    const out = new Int16Array(frameSamples48k);
    let written = 0;
    do {
      if (this.#loop && this.#position >= this.#pcm.length) this.#position = 0;
      const available = Math.max(0, Math.min(frameSamples48k - written, this.#pcm.length - this.#position));
      out.set(this.#pcm.subarray(this.#position, this.#position + available), written);
      this.#position += available;
      written += available;
    } while (this.#loop && written < frameSamples48k);
    return out;
  }
}
