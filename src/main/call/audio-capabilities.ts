import type { AudioCapabilities } from '../sdp/offer-answer.js';

/**
 * What Parley offers and accepts, in order of preference (DESIGN.md, "Media"): Opus first,
 * then G.711 for plain SIP phones, and RFC 4733 DTMF. Opus is always written opus/48000/2 in
 * SDP, even for mono (RFC 7587 §7).
 */
export const PARLEY_AUDIO: AudioCapabilities = {
  codecs: [
    { encoding: 'opus', clockRate: 48000, channels: 2, preferredPayloadType: 111, parameters: 'useinbandfec=1;usedtx=1' },
    { encoding: 'PCMU', clockRate: 8000, channels: 1, preferredPayloadType: 0 },
    { encoding: 'PCMA', clockRate: 8000, channels: 1, preferredPayloadType: 8 },
  ],
  telephoneEvent: true,
};
