import { randomBytes } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { createAnswer, createOffer, type LocalEndpoint, type NegotiatedAudio } from '../sdp/offer-answer.js';
import { parseSdp, serializeSdp } from '../sdp/sdp-codec.js';
import type { SessionDescription } from '../sdp/session-description.js';
import type { SipContent, SipContentInit } from '../sip/ua/index.js';
import { PARLEY_AUDIO } from './audio-capabilities.js';

/**
 * What Parley answers an INVITE's body with (RFC 3264 §6): `answer` with the agreed `audio`, or,
 * when the INVITE had no offer (§13.2.1), an offer of ours (`audio` null: the answer comes in
 * the ACK). A body we cannot read is 415 or 488 for the caller to send.
 */
export type OfferAnswer = { ok: true; description: SessionDescription; audio: NegotiatedAudio | null } | { ok: false; status: 415 | 488; reason: string };

const SDP = 'application/sdp';

/** Our o=/c= for a call, with the RTP port still to be filled in when the media session exists. */
export function localEndpoint(host: string, port = 9): LocalEndpoint {
  return {
    address: host,
    addressType: isIPv6(host) ? 'IP6' : 'IP4',
    port,
    sessionId: BigInt(`0x${randomBytes(6).toString('hex')}`).toString(),
    sessionVersion: 1n,
  };
}

export function answerInvite(offer: SipContent | undefined, local: LocalEndpoint): OfferAnswer {
  if (!offer) return { ok: true, description: createOffer(local, PARLEY_AUDIO), audio: null };
  if (offer.contentType.toLowerCase() !== SDP) return { ok: false, status: 415, reason: `cannot use a ${offer.contentType} session description` };
  const parsed = parseSdp(Buffer.from(offer.body).toString('utf8'));
  if (!parsed.ok) return { ok: false, status: 488, reason: parsed.reason };
  const answer = createAnswer(parsed.description, local, PARLEY_AUDIO);
  if (!answer.ok) return { ok: false, status: 488, reason: answer.reason };
  return { ok: true, description: answer.answer, audio: answer.audio };
}

/** Our offer for an outgoing call (RFC 3264 §5): every codec we run, in our order, and DTMF. */
export function offerForCall(local: LocalEndpoint): SessionDescription {
  return createOffer(local, PARLEY_AUDIO);
}

export function sdpContent(description: SessionDescription): SipContentInit {
  return { contentType: SDP, body: serializeSdp(description) };
}

/** `opus/48000`, `PCMU/8000`: the agreed codec as events and logs show it. */
export function codecName(audio: NegotiatedAudio | null): string | null {
  return audio ? `${audio.codec.encoding}/${audio.codec.clockRate}` : null;
}
