import type { MediaDescription, MediaDirection, MediaFormat, SessionDescription } from './session-description.js';

/**
 * The SDP offer/answer model (RFC 3264) as pure functions. The SIP session layer never reads
 * SDP; it hands offers and answers to the call layer, which uses these.
 */

/** What this endpoint can do with audio, in its order of preference. */
export interface AudioCapabilities {
  codecs: Array<Omit<MediaFormat, 'payloadType'> & { preferredPayloadType: number }>;
  /**
   * RFC 4733 telephone-event (DTMF), offered and accepted when true: offered at each codec's
   * clock rate (§2.1: events share the audio's timestamp base), 8000 Hz always included.
   */
  telephoneEvent: boolean;
}

export interface LocalEndpoint {
  /** Where we receive RTP: an IP address, or for a Parley peer connection the device's host name. */
  address: string;
  /**
   * The m= transport: `RTP/AVP` over UDP (the default), or `PARLEY/RTP/AVP` for RTP as datagrams
   * on a Parley peer connection, whose m= port is the datagram channel. An answer takes only
   * streams offered on our transport.
   */
  protocol?: string;
  addressType: 'IP4' | 'IP6';
  port: number;
  /** o= fields of our session, stable for its lifetime (RFC 3264 §5, §8). */
  sessionId: string;
  sessionVersion: bigint;
  username?: string;
}

export type AnswerResult =
  | { ok: true; answer: SessionDescription; audio: NegotiatedAudio | null }
  | { ok: false; reason: string };

/** What was agreed for the first audio stream: the media engine's instructions. */
export interface NegotiatedAudio {
  mediaIndex: number;
  /** The codec to send: the first of the answer's formats (RFC 3264 §6.1). */
  codec: MediaFormat;
  telephoneEvent?: MediaFormat;
  remoteAddress: string;
  remotePort: number;
  direction: MediaDirection;
  /** Both sides agreed to RTCP on the RTP port (RFC 5761: offered and kept in the answer). */
  rtcpMux?: boolean;
}

const TELEPHONE_EVENT = 'telephone-event';
const RTP_AVP = 'RTP/AVP';

export function createOffer(local: LocalEndpoint, capabilities: AudioCapabilities, direction: MediaDirection = 'sendrecv'): SessionDescription {
  const formats: MediaFormat[] = capabilities.codecs.map(({ preferredPayloadType, ...codec }) => ({ payloadType: preferredPayloadType, ...codec }));
  if (capabilities.telephoneEvent) formats.push(...telephoneEventFormats(capabilities));
  return session(local, [
    { kind: 'audio', port: local.port, protocol: local.protocol ?? RTP_AVP, formats, formatList: '', direction, rtcpMux: true, packetTime: 20 },
  ]);
}

/**
 * Answers an offer (RFC 3264 §6): one m= line per offered one, in order; a stream we cannot
 * take is rejected with port 0; the first audio stream with a common codec is accepted with
 * the offer's payload type numbers (§6.1) and the mirrored direction (§6.1 table). No common
 * codec in any audio stream is an error the caller answers with 488.
 */
export function createAnswer(offer: SessionDescription, local: LocalEndpoint, capabilities: AudioCapabilities, hold = false): AnswerResult {
  let audio: NegotiatedAudio | null = null;
  const media = offer.media.map((offered, mediaIndex): MediaDescription => {
    const accepted = audio === null && offered.kind === 'audio' && offered.port !== 0 && offered.protocol === (local.protocol ?? RTP_AVP) ? acceptAudio(offered, capabilities) : null;
    if (!accepted) return rejected(offered);
    const remoteAddress = offered.connectionAddress ?? offer.connectionAddress ?? '';
    const direction = answerDirection(offered.direction, hold);
    const [codec] = accepted;
    if (!codec) return rejected(offered);
    const telephoneEvent = accepted.find(isTelephoneEvent);
    audio = { mediaIndex, codec, remoteAddress, remotePort: offered.port, direction, rtcpMux: offered.rtcpMux, ...(telephoneEvent ? { telephoneEvent } : {}) };
    return { kind: 'audio', port: local.port, protocol: offered.protocol, formats: accepted, formatList: '', direction, rtcpMux: offered.rtcpMux, packetTime: offered.packetTime ?? 20 };
  });
  if (audio === null && offer.media.some((m) => m.kind === 'audio' && m.port !== 0)) {
    return { ok: false, reason: 'no audio codec in common' };
  }
  return { ok: true, answer: session(local, media), audio };
}

/** The direction an answer takes for an offered one (RFC 3264 §6.1), or hold from our side. */
export function answerDirection(offered: MediaDirection, hold: boolean): MediaDirection {
  if (offered === 'inactive') return 'inactive';
  if (offered === 'sendonly') return hold ? 'inactive' : 'recvonly';
  if (offered === 'recvonly') return 'sendonly';
  return hold ? 'sendonly' : 'sendrecv';
}

/**
 * The direction to offer when putting a call on hold or resuming (RFC 3264 §8.4): hold sends
 * `sendonly`, or `inactive` when the peer already holds us; resume restores the opposite.
 */
export function holdDirection(current: MediaDirection, hold: boolean): MediaDirection {
  const peerHoldsUs = current === 'recvonly' || current === 'inactive';
  if (hold) return peerHoldsUs ? 'inactive' : 'sendonly';
  return peerHoldsUs ? 'recvonly' : 'sendrecv';
}

/** A later version of our own description (RFC 3264 §8: the version goes up by one). */
export function nextVersion(description: SessionDescription, media: MediaDescription[]): SessionDescription {
  return { ...description, origin: { ...description.origin, sessionVersion: description.origin.sessionVersion + 1n }, media };
}

function acceptAudio(offered: MediaDescription, capabilities: AudioCapabilities): MediaFormat[] | null {
  // Our preference order, with the offer's payload type numbers.
  const codecs = capabilities.codecs
    .map((codec) => offered.formats.find((f) => sameCodec(f, codec)))
    .filter((f): f is MediaFormat => f !== undefined);
  if (codecs.length === 0) return null;
  const [first] = codecs;
  const dtmf = capabilities.telephoneEvent && first ? telephoneEventFor(first, offered.formats) : undefined;
  return dtmf ? [...codecs, dtmf] : codecs;
}

/** Dynamic payload types for telephone-event: 101 at 8000 Hz as most phones expect, 110 at 48000 Hz. */
const TELEPHONE_EVENT_PAYLOAD_TYPES: ReadonlyMap<number, number> = new Map([[8000, 101], [48000, 110]]);

function telephoneEventFormats(capabilities: AudioCapabilities): MediaFormat[] {
  const rates = [...new Set([...capabilities.codecs.map((codec) => codec.clockRate), 8000])];
  return rates.flatMap((clockRate) => {
    const payloadType = TELEPHONE_EVENT_PAYLOAD_TYPES.get(clockRate);
    return payloadType === undefined ? [] : [{ payloadType, encoding: TELEPHONE_EVENT, clockRate, channels: 1, parameters: '0-16' }];
  });
}

export function isTelephoneEvent(format: MediaFormat): boolean {
  return format.encoding.toLowerCase() === TELEPHONE_EVENT;
}

/**
 * The telephone-event to pair with `codec` among `formats`: the one at the codec's clock rate
 * (RFC 4733 §2.1), else 8000 Hz — phones that know only telephone-event/8000 get events on the
 * audio's timestamp base, the "codec clock rate" convention of SBCs.
 */
export function telephoneEventFor(codec: MediaFormat, formats: readonly MediaFormat[]): MediaFormat | undefined {
  const events = formats.filter(isTelephoneEvent);
  return events.find((f) => f.clockRate === codec.clockRate) ?? events.find((f) => f.clockRate === 8000);
}

function sameCodec(offered: MediaFormat, ours: Omit<MediaFormat, 'payloadType'>): boolean {
  return offered.encoding.toLowerCase() === ours.encoding.toLowerCase() && offered.clockRate === ours.clockRate && offered.channels === ours.channels;
}

function rejected(offered: MediaDescription): MediaDescription {
  // RFC 3264 §6: a rejected stream keeps its m= line with port 0 and at least one format.
  const { connectionAddress: _unused, ...stream } = offered;
  return { ...stream, port: 0, formats: offered.formats.slice(0, 1), formatList: offered.formatList.split(' ')[0] ?? '0' };
}

function session(local: LocalEndpoint, media: MediaDescription[]): SessionDescription {
  return {
    origin: { username: local.username ?? '-', sessionId: local.sessionId, sessionVersion: local.sessionVersion, addressType: local.addressType, address: local.address },
    sessionName: '-',
    connectionAddress: local.address,
    media,
  };
}
