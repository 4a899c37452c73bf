import type { CodecDescriptor } from './audio-codec.js';

/** Parley's frame length (DESIGN.md, "Media"): every codec runs on 20 ms frames. */
export const FRAME_MS = 20;

/**
 * Opus, RFC 7587: the RTP clock is 48 kHz whatever the audio bandwidth (§4.1), SDP always says
 * `opus/48000/2` (§7), and the payload type is dynamic (111 is what browsers and baresip use).
 */
export const OPUS_DESCRIPTOR: CodecDescriptor = {
  encodingName: 'opus',
  clockRate: 48000,
  sdpChannels: 2,
  sampleRate: 48000,
  samplesPerFrame: 960,
  timestampPerFrame: 960,
  defaultPayloadType: 111,
};

/** G.711 µ-law, RFC 3551 §4.5.14 and table 4: static payload type 0, 8 kHz, one byte a sample. */
export const PCMU_DESCRIPTOR: CodecDescriptor = {
  encodingName: 'PCMU',
  clockRate: 8000,
  sdpChannels: 1,
  sampleRate: 8000,
  samplesPerFrame: 160,
  timestampPerFrame: 160,
  defaultPayloadType: 0,
};

/** G.711 A-law, RFC 3551 §4.5.14 and table 4: static payload type 8. */
export const PCMA_DESCRIPTOR: CodecDescriptor = { ...PCMU_DESCRIPTOR, encodingName: 'PCMA', defaultPayloadType: 8 };

/** RFC 4733 telephone-event: a dynamic payload type (101 by custom) at the audio codec's clock. */
export const TELEPHONE_EVENT_DEFAULT_PAYLOAD_TYPE = 101;
