import { isIPv6 } from 'node:net';
import { createAnswer, holdDirection, nextVersion, type NegotiatedAudio } from '../sdp/offer-answer.js';
import { parseSdp } from '../sdp/sdp-codec.js';
import type { MediaDirection, SessionDescription } from '../sdp/session-description.js';
import type { SipContent } from '../sip/ua/index.js';
import { PARLEY_AUDIO } from './audio-capabilities.js';
import { readAnswer } from './negotiated-media.js';

/**
 * Changing an established call's session (RFC 3264 §8): hold and resume offered by us, and the
 * peer's re-INVITEs answered. Pure: the SIP session carries the bodies, the call applies the
 * agreed audio to its media session.
 */

/** What offer/answer has agreed for a call so far. */
export interface CallSdp {
  /** Our latest description (offer or answer); its o= version goes up with each new one (§8). */
  readonly local: SessionDescription;
  /** The audio stream carrying the call, with the direction seen from our side. */
  readonly agreed: NegotiatedAudio;
  /** We put the call on hold. */
  readonly localHold: boolean;
  /** The peer put us on hold: its last offer said it would not listen (sendonly, inactive, or c=0.0.0.0). */
  readonly remoteHold: boolean;
}

export type PeerOfferAnswer =
  | { readonly ok: true; readonly description: SessionDescription; readonly sdp: CallSdp }
  | { readonly ok: false; readonly status: 415 | 488; readonly reason: string };

const SDP = 'application/sdp';
/** RFC 2543 hold: a connection address of 0.0.0.0 (still sent by older phones, RFC 3264 §8.4). */
const HOLD_ADDRESS = '0.0.0.0';

/** Our offer to hold (`hold` true) or resume: the same stream with its direction changed (§8.4). */
export function holdOffer(sdp: CallSdp, hold: boolean): SessionDescription {
  const direction = holdDirection(sdp.agreed.direction, hold);
  return nextVersion(sdp.local, sdp.local.media.map((stream, index) => (index === sdp.agreed.mediaIndex ? { ...stream, direction } : stream)));
}

/** What the call agrees after the peer answered our hold/resume offer. */
export function afterOurOffer(sdp: CallSdp, offer: SessionDescription, answer: SipContent | undefined, hold: boolean): { ok: true; sdp: CallSdp } | { ok: false; reason: string } {
  const reading = readAnswer(offer, answer);
  if (!reading.ok) return reading;
  return { ok: true, sdp: { local: offer, agreed: keepAddressOnHold(reading.audio, sdp.agreed), localHold: hold, remoteHold: sdp.remoteHold } };
}

/**
 * Answers an offer in a re-INVITE (§8, §14.2) with our current hold state: the peer holding us
 * gets `recvonly` (or `inactive` when we hold too), a resume gets `sendrecv` again, and a new
 * codec or address is taken as offered. An offer we cannot use is refused and the call goes on
 * as it was (§14.2: the session is unchanged).
 */
export function answerPeerOffer(sdp: CallSdp, offer: SipContent): PeerOfferAnswer {
  if (offer.contentType.toLowerCase() !== SDP) return { ok: false, status: 415, reason: `cannot use a ${offer.contentType} session description` };
  const parsed = parseSdp(Buffer.from(offer.body).toString('utf8'));
  if (!parsed.ok) return { ok: false, status: 488, reason: parsed.reason };
  const stream = sdp.local.media[sdp.agreed.mediaIndex];
  const host = sdp.local.connectionAddress ?? sdp.local.origin.address;
  const local = {
    address: host,
    addressType: isIPv6(host) ? ('IP6' as const) : ('IP4' as const),
    port: stream?.port ?? 9,
    ...(stream ? { protocol: stream.protocol } : {}),
    sessionId: sdp.local.origin.sessionId,
    sessionVersion: sdp.local.origin.sessionVersion + 1n,
  };
  const answer = createAnswer(parsed.description, local, PARLEY_AUDIO, sdp.localHold);
  if (!answer.ok) return { ok: false, status: 488, reason: answer.reason };
  if (!answer.audio) return { ok: false, status: 488, reason: 'the offer keeps no audio stream' };
  const offered = parsed.description.media[answer.audio.mediaIndex];
  const remoteHold = offered?.direction === 'sendonly' || offered?.direction === 'inactive' || answer.audio.remoteAddress === HOLD_ADDRESS;
  const agreed = keepAddressOnHold(answer.audio, sdp.agreed);
  return { ok: true, description: answer.answer, sdp: { local: answer.answer, agreed, localHold: sdp.localHold, remoteHold } };
}

/**
 * Our offer in the 2xx to a re-INVITE without one (§14.2): the streams we have, in the current
 * hold state (§8: a new offer keeps every m= line); the answer arrives in the ACK (`afterOurOffer`).
 */
export function offerForOfferlessReinvite(sdp: CallSdp): SessionDescription {
  return holdOffer(sdp, sdp.localHold);
}

/** A hold by c=0.0.0.0 says "do not send"; the peer's real address stays where media goes afterwards. */
function keepAddressOnHold(audio: NegotiatedAudio, previous: NegotiatedAudio): NegotiatedAudio {
  if (audio.remoteAddress !== HOLD_ADDRESS) return audio;
  const direction: MediaDirection = audio.direction === 'sendrecv' || audio.direction === 'recvonly' ? 'recvonly' : 'inactive';
  return { ...audio, remoteAddress: previous.remoteAddress, remotePort: previous.remotePort, direction };
}
