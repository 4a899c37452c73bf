import { closeSync, openSync, writeSync } from 'node:fs';
import { encodeWavHeader, WAV_HEADER_BYTES } from '../audio/wav-writer.js';
import { ENGINE_SAMPLE_RATE, type AudioSink } from './audio-io.js';
import { MediaSessionError } from './media-session-error.js';

/** A WAV data chunk holds at most 2^32 − 1 bytes; a recording stops growing there (~12 h). */
const MAX_DATA_BYTES = 0xffff_fffe - WAV_HEADER_BYTES;

/**
 * `--record FILE.wav`: what the user hears, 48 kHz mono 16-bit, streamed to disk. The header is
 * written first with sizes of 0 (readers that allow truncated data can read a crashed recording)
 * and the sizes are patched on `close()`. Synchronous writes of 1920 bytes a frame: this runs on
 * the media worker, never on the main loop.
 */
export class WavFileRecorder implements AudioSink {
  readonly path: string;
  #fd: number | undefined;
  #dataBytes = 0;

  constructor(path: string) {
    this.path = path;
    try {
      this.#fd = openSync(path, 'w');
      writeSync(this.#fd, encodeWavHeader(0, ENGINE_SAMPLE_RATE, 1));
    } catch (error) {
      if (this.#fd !== undefined) closeSync(this.#fd);
      throw new MediaSessionError('MEDIA_SINK_UNWRITABLE', `cannot write ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  get dataBytes(): number {
    return this.#dataBytes;
  }

  write(pcm48k: Int16Array): void {
    if (this.#fd === undefined || this.#dataBytes + pcm48k.length * 2 > MAX_DATA_BYTES) return;
    const bytes = Buffer.alloc(pcm48k.length * 2);
    for (let i = 0; i < pcm48k.length; i++) bytes.writeInt16LE(pcm48k[i] ?? 0, 2 * i);
    writeSync(this.#fd, bytes, 0, bytes.length, WAV_HEADER_BYTES + this.#dataBytes);
    this.#dataBytes += bytes.length;
  }

  /** Patches the RIFF and data sizes and closes the file; later writes are ignored. */
  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    try {
      writeSync(fd, encodeWavHeader(this.#dataBytes, ENGINE_SAMPLE_RATE, 1), 0, WAV_HEADER_BYTES, 0);
    } finally {
      closeSync(fd);
    }
  }
}
