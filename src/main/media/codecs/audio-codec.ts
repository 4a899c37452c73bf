/**
 * The one codec interface of the media engine. Opus (through opusscript today) and G.711 sit
 * behind it, so a faster or fuller backend (native libopus with FEC decoding) can replace
 * opusscript without touching the RTP, playout or mixer code.
 */

/** The encoding names Parley can create, spelt as in SDP `a=rtpmap` (RFC 4566, RFC 3551). */
export type CodecName = 'opus' | 'PCMU' | 'PCMA';

export interface CodecDescriptor {
  /** The encoding name as in SDP (`opus`, `PCMU`, `PCMA`). */
  readonly encodingName: CodecName;
  /** The RTP clock rate (RFC 7587 §4.1: always 48000 for Opus, whatever the audio bandwidth). */
  readonly clockRate: number;
  /** The channel count written in SDP (RFC 7587 §7: `opus/48000/2` even for mono). */
  readonly sdpChannels: number;
  /** The sample rate of the PCM that `encode` takes and `decode` returns. */
  readonly sampleRate: number;
  /** Samples per 20 ms frame at `sampleRate` (one channel: Parley's audio is mono). */
  readonly samplesPerFrame: number;
  /** How far the RTP timestamp moves per frame. */
  readonly timestampPerFrame: number;
  /** The static payload type of RFC 3551 table 4, or the dynamic one Parley offers. */
  readonly defaultPayloadType: number;
}

export interface AudioEncoder {
  readonly descriptor: CodecDescriptor;
  /** Encodes one 20 ms mono frame at the codec's sample rate into one RTP payload. */
  encode(pcm: Int16Array): Uint8Array;
  /** Frees what the encoder holds; it must not be used afterwards. */
  delete(): void;
}

export interface AudioDecoder {
  readonly descriptor: CodecDescriptor;
  /**
   * Decodes one RTP payload (normally one 20 ms frame). The result is a fresh array the caller
   * owns. A payload that cannot be decoded throws `MediaCodecError` `CODEC_BAD_PAYLOAD`.
   */
  decode(payload: Uint8Array): Int16Array;
  /** Audio for one lost frame: exactly `samplesPerFrame` samples. */
  conceal(): Int16Array;
  delete(): void;
}

/** What `createCodec` returns: the descriptor and a way to make encoders and decoders of it. */
export interface AudioCodec {
  readonly descriptor: CodecDescriptor;
  createEncoder(): AudioEncoder;
  createDecoder(): AudioDecoder;
}
