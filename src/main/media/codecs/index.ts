export type { AudioCodec, AudioDecoder, AudioEncoder, CodecDescriptor, CodecName } from './audio-codec.js';
export { FRAME_MS, OPUS_DESCRIPTOR, PCMA_DESCRIPTOR, PCMU_DESCRIPTOR, TELEPHONE_EVENT_DEFAULT_PAYLOAD_TYPE } from './codec-descriptors.js';
export { CODEC_NAMES, codecNameOf, createCodec, type CodecOptions } from './create-codec.js';
export { DtmfReceiver, type DtmfDigitReceived } from './dtmf-receiver.js';
export { DtmfSender, END_PACKET_COUNT, type DtmfSenderOptions, type DtmfSenderState, type TelephoneEventPacket } from './dtmf-sender.js';
export { aLawToLinear, decodeG711, encodeG711, linearToALaw, linearToMuLaw, muLawToLinear, type G711Law } from './g711.js';
export { G711_CONCEALMENT_GAINS, G711Decoder, G711Encoder } from './g711-codec.js';
export { isMediaCodecError, MediaCodecError, type MediaCodecErrorCode } from './media-codec-error.js';
export { OpusDecoder } from './opus-decoder.js';
export { OpusEncoder, type OpusEncoderOptions, type OpusEncoderSettings } from './opus-encoder.js';
export { opusHeapBytes } from './opus-native.js';
export { opusPacketSamples } from './opus-packet.js';
export {
  decodeTelephoneEvent,
  dtmfDigitOf,
  dtmfEventCode,
  encodeTelephoneEvent,
  isDtmfDigit,
  TELEPHONE_EVENT_MAX_DURATION,
  TELEPHONE_EVENT_PAYLOAD_BYTES,
  type DtmfDigit,
  type TelephoneEvent,
} from './telephone-event.js';
