import { isIP } from 'node:net';
import { parse, write, type MediaDescription as RawMedia, type SessionDescription as RawSession } from 'sdp-transform';
import {
  STATIC_PAYLOAD_TYPES,
  type MediaDescription,
  type MediaDirection,
  type MediaFormat,
  type SessionDescription,
} from './session-description.js';

export type SdpParseResult = { ok: true; description: SessionDescription } | { ok: false; reason: string };

/** Larger than any honest SDP; a peer's body beyond it is not parsed. */
export const MAX_SDP_BYTES = 16 * 1024;
const MAX_MEDIA = 16;

/**
 * Parses an SDP body into our model, or says why it cannot be used (the caller answers 488
 * or 400). sdp-transform reads the lines; the checks here are ours.
 */
export function parseSdp(text: string): SdpParseResult {
  if (text.length > MAX_SDP_BYTES) return { ok: false, reason: `the SDP is larger than ${MAX_SDP_BYTES} bytes` };
  if (!/^v=0\r?\n/.test(text)) return { ok: false, reason: 'the SDP does not start with v=0' };
  let raw: RawSession;
  try {
    raw = parse(text);
  } catch (error) {
    return { ok: false, reason: `the SDP cannot be read (${(error as Error).message})` };
  }
  const origin = raw.origin as RawSession['origin'] | undefined;
  if (!origin || !/^\d+$/.test(String(origin.sessionId)) || !/^\d+$/.test(String(origin.sessionVersion))) {
    return { ok: false, reason: 'the SDP has no valid o= line' };
  }
  if (!Array.isArray(raw.media) || raw.media.length > MAX_MEDIA) return { ok: false, reason: `the SDP has more than ${MAX_MEDIA} m= lines` };
  const media: MediaDescription[] = [];
  for (const [index, m] of raw.media.entries()) {
    const parsed = parseMedia(m, raw.direction);
    if (typeof parsed === 'string') return { ok: false, reason: `m= line ${index + 1}: ${parsed}` };
    media.push(parsed);
  }
  const connectionAddress = raw.connection?.ip;
  if (connectionAddress === undefined && media.some((m) => m.port !== 0 && m.connectionAddress === undefined)) {
    return { ok: false, reason: 'a stream has no c= address' };
  }
  return {
    ok: true,
    description: {
      origin: {
        username: origin.username,
        sessionId: String(origin.sessionId),
        sessionVersion: BigInt(String(origin.sessionVersion)),
        addressType: origin.ipVer === 6 ? 'IP6' : 'IP4',
        address: origin.address,
      },
      sessionName: raw.name ?? '-',
      ...(connectionAddress !== undefined ? { connectionAddress } : {}),
      media,
    },
  };
}

function parseMedia(m: RawMedia, sessionDirection: RawSession['direction']): MediaDescription | string {
  if (!Number.isInteger(m.port) || m.port < 0 || m.port > 65535) return `port ${String(m.port)} is out of range`;
  const payloadTypes = String(m.payloads ?? '').trim().split(/\s+/).filter((p) => p.length > 0);
  const formats: MediaFormat[] = [];
  for (const text of payloadTypes) {
    if (!/^\d{1,3}$/.test(text) || Number(text) > 127) {
      if (m.protocol.startsWith('RTP/')) return `payload type '${text}' is not 0–127`;
      continue; // non-RTP formats (e.g. t38) are kept out of the model
    }
    const payloadType = Number(text);
    const rtpmap = m.rtp.find((r) => r.payload === payloadType);
    const known = rtpmap ? { encoding: rtpmap.codec, clockRate: rtpmap.rate ?? 8000, channels: Number(rtpmap.encoding ?? 1) || 1 } : STATIC_PAYLOAD_TYPES.get(payloadType);
    if (!known) continue; // a dynamic type without rtpmap cannot be used (RFC 8866 §6.6)
    const parameters = m.fmtp.find((f) => f.payload === payloadType)?.config;
    formats.push({ payloadType, ...known, ...(parameters !== undefined ? { parameters } : {}) });
  }
  const address = m.connection?.ip;
  if (address !== undefined && isIP(address) === 0 && !/^[a-z0-9.-]+$/i.test(address)) return `c= address '${address}' is invalid`;
  return {
    kind: m.type,
    port: m.port,
    protocol: m.protocol,
    formats,
    formatList: payloadTypes.join(' '),
    direction: (m.direction ?? sessionDirection ?? 'sendrecv') as MediaDirection,
    ...(address !== undefined ? { connectionAddress: address } : {}),
    rtcpMux: m.rtcpMux === 'rtcp-mux',
    ...(m.ptime !== undefined ? { packetTime: m.ptime } : {}),
  };
}

/** Writes our model as SDP text (CRLF line ends, RFC 8866 §5). */
export function serializeSdp(description: SessionDescription): string {
  const ipVer = description.origin.addressType === 'IP6' ? 6 : 4;
  const raw: RawSession = {
    version: 0,
    origin: {
      username: description.origin.username,
      sessionId: description.origin.sessionId,
      sessionVersion: Number(description.origin.sessionVersion),
      netType: 'IN',
      ipVer,
      address: description.origin.address,
    },
    name: description.sessionName,
    timing: { start: 0, stop: 0 },
    ...(description.connectionAddress !== undefined ? { connection: { version: ipVer, ip: description.connectionAddress } } : {}),
    media: description.media.map((m) => ({
      type: m.kind,
      port: m.port,
      protocol: m.protocol,
      payloads: m.formats.length > 0 ? m.formats.map((f) => f.payloadType).join(' ') : m.formatList,
      rtp: m.formats.map((f) => ({ payload: f.payloadType, codec: f.encoding, rate: f.clockRate, ...(f.channels > 1 ? { encoding: f.channels } : {}) })),
      fmtp: m.formats.filter((f) => f.parameters !== undefined).map((f) => ({ payload: f.payloadType, config: f.parameters ?? '' })),
      direction: m.direction,
      ...(m.connectionAddress !== undefined ? { connection: { version: ipVer, ip: m.connectionAddress } } : {}),
      ...(m.rtcpMux ? { rtcpMux: 'rtcp-mux' } : {}),
      ...(m.packetTime !== undefined ? { ptime: m.packetTime } : {}),
    })),
  };
  // sessionVersion can exceed 2^53 in theory; sdp-transform writes numbers, so write it ourselves.
  return write(raw).replace(/^(o=\S+ \S+ )\d+/m, `$1${description.origin.sessionVersion.toString()}`);
}
