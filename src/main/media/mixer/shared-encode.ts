import type { AudioEncoder } from '../codecs/audio-codec.js';
import { createCodec } from '../codecs/create-codec.js';
import type { OpusEncoderOptions } from '../codecs/opus-encoder.js';
import { ENGINE_SAMPLE_RATE } from '../session/audio-io.js';
import { FrameResampler } from '../session/frame-resampler.js';

/** What decides whether two members' sessions can send the same bytes: the codec and its encoder settings. */
export interface CodecGroupSpec {
  readonly encodingName: string;
  readonly opus?: OpusEncoderOptions | undefined;
}

/** The group a session belongs to; settings in a fixed order so equal settings give equal keys. */
export function codecGroupKey(spec: CodecGroupSpec): string {
  const opus = spec.opus ?? {};
  const settings = (Object.keys(opus) as (keyof OpusEncoderOptions)[])
    .filter((name) => opus[name] !== undefined)
    .sort()
    .map((name) => `${name}=${String(opus[name])}`);
  return [spec.encodingName.toLowerCase(), ...(spec.encodingName.toLowerCase() === 'opus' ? settings : [])].join(';');
}

/**
 * The one encode of a shared mix for every listener of one codec group (DESIGN.md, "Media"):
 * the first of them to send in a tick encodes it, the others reuse the payload, each in its own
 * RTP stream (own SSRC, sequence and timestamp). A G.711 group resamples the mix to 8 kHz once.
 * Opus encoding is ~140 µs a frame and by far the largest per-listener cost, so this is what
 * lets a conference grow past a hundred members a core.
 */
export class SharedEncode {
  readonly key: string;
  readonly #encoder: AudioEncoder;
  readonly #toCodec: FrameResampler;
  #tick: number | undefined;
  #payload: Uint8Array | undefined;
  /** Encodes done, for tests and the bench. */
  encodes = 0;

  constructor(spec: CodecGroupSpec) {
    this.key = codecGroupKey(spec);
    const codec = createCodec(spec.encodingName, spec.opus ? { opus: spec.opus } : {});
    this.#encoder = codec.createEncoder();
    const { sampleRate, samplesPerFrame } = codec.descriptor;
    this.#toCodec = new FrameResampler(ENGINE_SAMPLE_RATE, sampleRate, samplesPerFrame);
  }

  /** The payload of `pcm48k`, the shared mix of `tick`: encoded on the first call of the tick. */
  payload(tick: number, pcm48k: Int16Array): Uint8Array {
    if (this.#tick !== tick || !this.#payload) {
      this.#payload = this.#encoder.encode(this.#toCodec.process(pcm48k));
      this.#tick = tick;
      this.encodes += 1;
    }
    return this.#payload;
  }

  delete(): void {
    this.#encoder.delete();
  }
}
