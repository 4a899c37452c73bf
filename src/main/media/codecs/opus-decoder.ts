import type { AudioDecoder, CodecDescriptor } from './audio-codec.js';
import { OPUS_DESCRIPTOR } from './codec-descriptors.js';
import { MediaCodecError } from './media-codec-error.js';
import { OPUS_APPLICATION_VOIP, OPUS_MAX_DECODED_SAMPLES, OPUS_MAX_PACKET_BYTES, OpusNativeHandle } from './opus-native.js';
import { opusPacketSamples } from './opus-packet.js';

/**
 * Opus decoding, 48 kHz mono.
 *
 * Concealment, measured on opusscript 0.1.1 (test/main/media/codecs/opus-codec.test.ts keeps
 * checking it): a decode with no packet makes its native handler return 5760 samples — 120 ms,
 * six of our frames — because it always offers libopus its whole 5760-sample buffer and has no
 * way to ask for one frame. (Its JavaScript wrapper then shows 2880 of them, the figure in
 * DESIGN.md: its output view holds 2880 × 2 one-byte elements, and it overruns its 5760-byte
 * allocation while doing so; opus-native.ts avoids the wrapper.) libopus conceals in 20 ms steps
 * (opus_decode_frame splits a longer request into F20 chunks), so the first 960 samples are
 * exactly the concealment of one lost frame and each next 960 what one more loss in a row gets.
 * So `conceal()` hands those samples out one frame at a time and asks libopus again only when
 * they are used up; a packet that arrives in between drops the rest. Before any packet libopus
 * conceals with silence. In-band FEC cannot be decoded here (the handler passes decode_fec = 0).
 */
export class OpusDecoder implements AudioDecoder {
  readonly descriptor: CodecDescriptor = OPUS_DESCRIPTOR;
  readonly #native = new OpusNativeHandle(OPUS_DESCRIPTOR.sampleRate, 1, OPUS_APPLICATION_VOIP);
  /** Concealment already produced by libopus and not yet handed out. */
  #concealed: Int16Array = new Int16Array(0);
  /** How many samples libopus returned for the last concealment request (the measured 5760). */
  #lastConcealmentLength = 0;

  decode(payload: Uint8Array): Int16Array {
    if (payload.length === 0 || payload.length > OPUS_MAX_PACKET_BYTES) {
      throw new MediaCodecError('CODEC_BAD_PAYLOAD', `an Opus payload of ${payload.length} bytes`);
    }
    const samples = opusPacketSamples(payload);
    if (samples === undefined || samples > OPUS_MAX_DECODED_SAMPLES) {
      throw new MediaCodecError('CODEC_BAD_PAYLOAD', `an Opus packet of ${samples === undefined ? 'malformed' : `${samples} samples`} (at most ${OPUS_MAX_DECODED_SAMPLES})`);
    }
    const pcm = this.#native.decode(payload, 1);
    if (typeof pcm === 'number') throw new MediaCodecError('CODEC_BAD_PAYLOAD', `opus_decode refused the packet (error ${pcm})`);
    this.#concealed = new Int16Array(0);
    return pcm;
  }

  conceal(): Int16Array {
    const frame = this.descriptor.samplesPerFrame;
    if (this.#concealed.length < frame) {
      const produced = this.#native.decode(new Uint8Array(0), 1);
      const pcm = typeof produced === 'number' ? new Int16Array(0) : produced;
      this.#lastConcealmentLength = pcm.length;
      // Whole frames only; a shorter answer is padded with silence to one frame.
      const frames = Math.max(1, Math.floor(pcm.length / frame));
      this.#concealed = new Int16Array(frames * frame);
      this.#concealed.set(pcm.subarray(0, frames * frame));
    }
    const out = this.#concealed.slice(0, frame);
    this.#concealed = this.#concealed.subarray(frame);
    return out;
  }

  /** Samples libopus returned for the most recent concealment request (diagnostics and tests). */
  get lastConcealmentLength(): number {
    return this.#lastConcealmentLength;
  }

  delete(): void {
    this.#native.delete();
  }
}
