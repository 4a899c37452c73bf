import type { AudioCodec, CodecName } from './audio-codec.js';
import { OPUS_DESCRIPTOR, PCMA_DESCRIPTOR, PCMU_DESCRIPTOR } from './codec-descriptors.js';
import { G711Decoder, G711Encoder } from './g711-codec.js';
import { MediaCodecError } from './media-codec-error.js';
import { OpusDecoder } from './opus-decoder.js';
import { OpusEncoder, type OpusEncoderOptions } from './opus-encoder.js';

export interface CodecOptions {
  /** Only read for Opus. */
  readonly opus?: OpusEncoderOptions;
}

export const CODEC_NAMES: readonly CodecName[] = ['opus', 'PCMU', 'PCMA'];

/** Whether an SDP encoding name (compared case-insensitively, RFC 4855 §3) is one Parley can create. */
export function codecNameOf(encodingName: string): CodecName | undefined {
  return CODEC_NAMES.find((name) => name.toLowerCase() === encodingName.toLowerCase());
}

/**
 * The codec factory: the one place that knows which class implements which encoding, so a
 * different Opus backend replaces one line here.
 */
export function createCodec(name: string, options: CodecOptions = {}): AudioCodec {
  switch (codecNameOf(name)) {
    case 'opus':
      return { descriptor: OPUS_DESCRIPTOR, createEncoder: () => new OpusEncoder(options.opus), createDecoder: () => new OpusDecoder() };
    case 'PCMU':
      return { descriptor: PCMU_DESCRIPTOR, createEncoder: () => new G711Encoder('mu'), createDecoder: () => new G711Decoder('mu') };
    case 'PCMA':
      return { descriptor: PCMA_DESCRIPTOR, createEncoder: () => new G711Encoder('a'), createDecoder: () => new G711Decoder('a') };
    case undefined:
      throw new MediaCodecError('CODEC_UNKNOWN', `no codec named ${JSON.stringify(name)} (Parley has ${CODEC_NAMES.join(', ')})`);
  }
}
