import type { AudioDecoder, AudioEncoder, CodecDescriptor } from './audio-codec.js';
import { PCMA_DESCRIPTOR, PCMU_DESCRIPTOR } from './codec-descriptors.js';
import { decodeG711, encodeG711, type G711Law } from './g711.js';
import { MediaCodecError } from './media-codec-error.js';

/**
 * Gains for consecutive lost frames: the last good frame is repeated, fading, then silence.
 * 60 ms of fading bridges a single loss or a short burst without a click; longer gaps are
 * better silent than a buzzing 50 Hz repetition.
 */
export const G711_CONCEALMENT_GAINS: readonly number[] = [0.8, 0.5, 0.25];

function descriptorOf(law: G711Law): CodecDescriptor {
  return law === 'mu' ? PCMU_DESCRIPTOR : PCMA_DESCRIPTOR;
}

export class G711Encoder implements AudioEncoder {
  readonly descriptor: CodecDescriptor;
  readonly #law: G711Law;

  constructor(law: G711Law) {
    this.#law = law;
    this.descriptor = descriptorOf(law);
  }

  encode(pcm: Int16Array): Uint8Array {
    if (pcm.length !== this.descriptor.samplesPerFrame) {
      throw new MediaCodecError('CODEC_BAD_FRAME', `${this.descriptor.encodingName} encodes ${this.descriptor.samplesPerFrame} samples a frame, not ${pcm.length}`);
    }
    return encodeG711(this.#law, pcm);
  }

  delete(): void {
    // Nothing to free: the tables are shared.
  }
}

export class G711Decoder implements AudioDecoder {
  readonly descriptor: CodecDescriptor;
  readonly #law: G711Law;
  #lastFrame: Int16Array;
  #lostInARow = 0;

  constructor(law: G711Law) {
    this.#law = law;
    this.descriptor = descriptorOf(law);
    this.#lastFrame = new Int16Array(this.descriptor.samplesPerFrame);
  }

  /** Any byte is a valid G.711 code, so only an empty payload is refused. */
  decode(payload: Uint8Array): Int16Array {
    if (payload.length === 0) throw new MediaCodecError('CODEC_BAD_PAYLOAD', `an empty ${this.descriptor.encodingName} payload`);
    const pcm = decodeG711(this.#law, payload);
    this.#lostInARow = 0;
    this.#lastFrame = pcm.length === this.descriptor.samplesPerFrame ? pcm : fitToFrame(pcm, this.descriptor.samplesPerFrame);
    return pcm;
  }

  conceal(): Int16Array {
    const gain = G711_CONCEALMENT_GAINS[this.#lostInARow] ?? 0;
    this.#lostInARow++;
    const out = new Int16Array(this.descriptor.samplesPerFrame);
    if (gain > 0) for (let i = 0; i < out.length; i++) out[i] = Math.round((this.#lastFrame[i] ?? 0) * gain);
    return out;
  }

  delete(): void {
    // Nothing to free.
  }
}

/** The last `length` samples of a longer payload, or a shorter one padded with silence. */
function fitToFrame(pcm: Int16Array, length: number): Int16Array {
  const out = new Int16Array(length);
  if (pcm.length >= length) out.set(pcm.subarray(pcm.length - length));
  else out.set(pcm);
  return out;
}
