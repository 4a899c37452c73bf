import type { SessionOptions } from '../media/index.js';
import { telephoneEventFor, type NegotiatedAudio } from '../sdp/offer-answer.js';
import { parseSdp } from '../sdp/sdp-codec.js';
import type { MediaDirection, MediaFormat, SessionDescription } from '../sdp/session-description.js';
import type { SipContent } from '../sip/ua/index.js';
import { PARLEY_AUDIO } from './audio-capabilities.js';

/**
 * The seam between SDP and the media engine: what offer/answer agreed becomes a media
 * session's configuration. Pure functions, so each rule is tested on its own.
 */

export type AnswerReading = { ok: true; audio: NegotiatedAudio } | { ok: false; reason: string };

const SDP = 'application/sdp';

/** A codec the media engine runs: one of ours, by encoding name and clock rate. */
function isOurCodec(format: MediaFormat): boolean {
  return PARLEY_AUDIO.codecs.some((codec) => codec.encoding.toLowerCase() === format.encoding.toLowerCase() && codec.clockRate === format.clockRate);
}

/** The answerer's view of a stream's direction seen from our side (RFC 3264 §6.1, read backwards). */
export function ourDirection(answered: MediaDirection): MediaDirection {
  if (answered === 'sendonly') return 'recvonly';
  if (answered === 'recvonly') return 'sendonly';
  return answered;
}

/**
 * The UAC side of RFC 3264 §5–6: reads the peer's answer to our offer. The first audio stream
 * the answer kept (port ≠ 0) carries the call; its first codec we run is the one to send, with
 * the answer's payload type numbers (§6.1), and telephone-event when the answer kept it.
 */
export function readAnswer(offer: SessionDescription, content: SipContent | undefined): AnswerReading {
  if (!content) return { ok: false, reason: 'the 2xx carried no answer' };
  if (content.contentType.toLowerCase() !== SDP) return { ok: false, reason: `the answer is ${content.contentType}, not SDP` };
  const parsed = parseSdp(Buffer.from(content.body).toString('utf8'));
  if (!parsed.ok) return { ok: false, reason: `unreadable answer: ${parsed.reason}` };
  const answer = parsed.description;
  // §6: the answer has as many m= lines as the offer, in the same order.
  for (const [mediaIndex, stream] of answer.media.entries()) {
    if (stream.kind !== 'audio' || stream.port === 0 || offer.media[mediaIndex]?.kind !== 'audio') continue;
    const codec = stream.formats.find(isOurCodec);
    if (!codec) return { ok: false, reason: 'the answer chose no codec we offered' };
    const remoteAddress = stream.connectionAddress ?? answer.connectionAddress;
    if (!remoteAddress) return { ok: false, reason: 'the answer has no c= address' };
    const telephoneEvent = telephoneEventFor(codec, stream.formats);
    return {
      ok: true,
      audio: { mediaIndex, codec, remoteAddress, remotePort: stream.port, direction: ourDirection(stream.direction), rtcpMux: stream.rtcpMux, ...(telephoneEvent ? { telephoneEvent } : {}) },
    };
  }
  return { ok: false, reason: 'the answer accepted no audio stream' };
}

/** The offer/answer parts of a media session's options; the call adds source, sink and address. */
export type NegotiatedSessionOptions = Pick<SessionOptions, 'codec' | 'telephoneEventPayloadType' | 'direction' | 'opus' | 'rtcpMux'>;

/** What `createSession` needs from a negotiated stream: codec, DTMF payload type, direction, Opus fmtp. */
export function negotiatedSessionOptions(audio: NegotiatedAudio): NegotiatedSessionOptions {
  const { codec } = audio;
  const options: NegotiatedSessionOptions = {
    codec: { encodingName: codec.encoding, payloadType: codec.payloadType, clockRate: codec.clockRate },
    direction: audio.direction,
    ...(audio.rtcpMux === false ? { rtcpMux: false } : {}),
    ...(audio.telephoneEvent ? { telephoneEventPayloadType: audio.telephoneEvent.payloadType } : {}),
  };
  if (codec.encoding.toLowerCase() !== 'opus') return options;
  // RFC 7587 §6.1: useinbandfec and usedtx say what the receiver (the peer) wants from us.
  const fmtp = parseFmtp(codec.parameters);
  return { ...options, opus: { inbandFec: fmtp.get('useinbandfec') === '1', dtx: fmtp.get('usedtx') === '1' } };
}

/** Whether a session created for `planned` can carry `agreed` as it is (else it is made again). */
export function sameSessionShape(planned: NegotiatedSessionOptions, agreed: NegotiatedSessionOptions): boolean {
  return (
    planned.codec.encodingName.toLowerCase() === agreed.codec.encodingName.toLowerCase() &&
    planned.codec.payloadType === agreed.codec.payloadType &&
    planned.codec.clockRate === agreed.codec.clockRate &&
    planned.telephoneEventPayloadType === agreed.telephoneEventPayloadType &&
    (planned.rtcpMux ?? true) === (agreed.rtcpMux ?? true)
  );
}

/** Our description with the audio stream's port set to where the media session listens. */
export function withAudioPort(description: SessionDescription, mediaIndex: number, port: number): SessionDescription {
  return { ...description, media: description.media.map((stream, index) => (index === mediaIndex ? { ...stream, port } : stream)) };
}

function parseFmtp(parameters: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (parameters ?? '').split(';')) {
    const [key, value] = pair.split('=');
    if (key && value !== undefined) map.set(key.trim().toLowerCase(), value.trim());
  }
  return map;
}

/**
 * The session a caller makes before any answer exists: our preferred codec and our DTMF type,
 * as offered in the first audio stream (`renegotiate` fits it to the answer later).
 */
export function offeredAudio(offer: SessionDescription): NegotiatedAudio | null {
  const mediaIndex = offer.media.findIndex((stream) => stream.kind === 'audio' && stream.port !== 0);
  const stream = offer.media[mediaIndex];
  const codec = stream?.formats.find(isOurCodec);
  if (!stream || !codec) return null;
  const telephoneEvent = telephoneEventFor(codec, stream.formats);
  return { mediaIndex, codec, remoteAddress: '', remotePort: 0, direction: stream.direction, ...(telephoneEvent ? { telephoneEvent } : {}) };
}
