import { createAnswer, createOffer, type LocalEndpoint } from '../sdp/offer-answer.js';
import { parseSdp, serializeSdp } from '../sdp/sdp-codec.js';
import type { SipContent, SipContentInit } from '../sip/ua/index.js';
import { PARLEY_AUDIO } from './audio-capabilities.js';

export type OfferAnswer = { ok: true; content: SipContentInit; codec: string | null } | { ok: false; status: 415 | 488; reason: string };

const SDP = 'application/sdp';

/**
 * The SDP Parley answers an INVITE with (RFC 3264 §6): the answer to its offer, or an offer
 * of our own when the INVITE had none (§13.2.1, the answer then comes in the ACK). A body we
 * cannot read is 415 or 488 for the caller to send.
 */
export function answerInvite(offer: SipContent | undefined, local: LocalEndpoint): OfferAnswer {
  if (!offer) return { ok: true, content: { contentType: SDP, body: serializeSdp(createOffer(local, PARLEY_AUDIO)) }, codec: null };
  if (offer.contentType.toLowerCase() !== SDP) return { ok: false, status: 415, reason: `cannot use a ${offer.contentType} session description` };
  const parsed = parseSdp(Buffer.from(offer.body).toString('utf8'));
  if (!parsed.ok) return { ok: false, status: 488, reason: parsed.reason };
  const answer = createAnswer(parsed.description, local, PARLEY_AUDIO);
  if (!answer.ok) return { ok: false, status: 488, reason: answer.reason };
  return { ok: true, content: { contentType: SDP, body: serializeSdp(answer.answer) }, codec: answer.audio ? `${answer.audio.codec.encoding}/${answer.audio.codec.clockRate}` : null };
}
