import { readFileSync } from 'node:fs';
import { toMonoPcm } from '../audio/mono-pcm.js';
import { readWav } from '../audio/wav-reader.js';
import { ENGINE_SAMPLE_RATE, type AudioSource } from './audio-io.js';
import { MediaSessionError } from './media-session-error.js';

/**
 * `--play FILE.wav` as the microphone: any rate and channel count the WAV reader knows, mixed to
 * mono and resampled to 48 kHz once, up front; then silence, with `ended` set.
 */
export class WavFileSource implements AudioSource {
  readonly #pcm: Int16Array;
  #position = 0;

  constructor(pcm48k: Int16Array) {
    this.#pcm = pcm48k;
  }

  /** Reads and converts a WAV file; an unreadable or undecodable file is `MEDIA_SOURCE_UNREADABLE`. */
  static open(path: string): WavFileSource {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new MediaSessionError('MEDIA_SOURCE_UNREADABLE', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
    }
    return WavFileSource.fromBytes(bytes, path);
  }

  static fromBytes(bytes: Uint8Array, name = 'the WAV data'): WavFileSource {
    const wav = readWav(bytes, { allowTruncatedData: true });
    if (!wav.ok) throw new MediaSessionError('MEDIA_SOURCE_UNREADABLE', `${name}: ${wav.error.message}`, { cause: wav.error });
    return new WavFileSource(toMonoPcm(wav.value, ENGINE_SAMPLE_RATE));
  }

  /** Length of the audio in ms. */
  get durationMs(): number {
    return (this.#pcm.length * 1000) / ENGINE_SAMPLE_RATE;
  }

  get ended(): boolean {
    return this.#position >= this.#pcm.length;
  }

  read(frameSamples48k: number): Int16Array {
    const out = new Int16Array(frameSamples48k);
    const available = Math.max(0, Math.min(frameSamples48k, this.#pcm.length - this.#position));
    out.set(this.#pcm.subarray(this.#position, this.#position + available));
    this.#position += available;
    return out;
  }
}
