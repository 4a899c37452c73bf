/**
 * Every byte layout of a Parley peer connection, in one place (STYLE.md habit 10).
 *
 * A peer connection is one HyperDHT NoiseSecretStream between two devices. It carries two
 * things at once, and they do not interfere: the secret stream's reliable, ordered messages
 * (encrypted secretstream records over the UDX stream) and its unordered encrypted datagrams
 * (`trySend` / 'message', UDX messages on the same UDX stream, boxed with a key of their own).
 *
 * Reliable messages. NoiseSecretStream is message-oriented: each `write` reaches the far side
 * as exactly one 'data' chunk (its own 24-bit length framing; Protomux relies on the same), so
 * a message needs no length of ours, only a kind:
 *
 *     kind u8 | body
 *     0x00 SIP      body = SIP bytes, a slice of the SIP byte stream (framed above by Content-Length, RFC 3261 §18.3)
 *     0x01 VERDICT  body = version u8 (1) | decision u8 (1 accept, 2 duplicate)
 *     0x02 PING     body = nonce u32 BE
 *     0x03 PONG     body = the PING's nonce u32 BE
 *     other kinds are ignored, so a later version may add some
 *
 * The VERDICT is the first message the deciding device (the one with the lower key, bytewise)
 * writes on every stream of the pair; the other device sends nothing until it has read it
 * (see peer-connector.ts for why). An empty message is a secret-stream keep-alive (filtered
 * out by secret-stream when its own keep-alive is on, passed through when it is not): it is
 * ignored, and never sent by us.
 *
 * Datagrams. One encrypted datagram carries one media packet (RTP or RTCP) of one channel:
 *
 *     channel u32 BE | payload
 *
 * A channel is one media session (one dialog's RTP/RTCP) between the pair; both ends open the
 * same id, which the side that allocates it takes from its own half of the id space (1–32767
 * belong to the lower key, 32768–65535 to the higher key), so two offers crossing never pick
 * the same id. The id is the m= port of the call's SDP (PARLEY/RTP/AVP), hence 16 bits; the
 * field keeps 32 for room. Channel 0 is reserved. The whole datagram is at most
 * MAX_DATAGRAM_BYTES.
 */

export const PEER_PROTOCOL_VERSION = 1;

/**
 * 1100 bytes of plaintext + 24 of secret-stream box (8-byte nonce, 16-byte MAC) + the UDX
 * header (20) + UDP/IPv4 (28) stays under IPv6's 1280-byte minimum MTU, so a datagram never
 * fragments on any path (DESIGN.md: "keep each under ~1100 bytes"). An Opus 20 ms frame at
 * 510 kbit/s, the codec's maximum, is 1275 bytes; at the rates Parley uses it is under 200.
 */
export const MAX_DATAGRAM_BYTES = 1100;
export const DATAGRAM_HEADER_BYTES = 4;
export const MAX_DATAGRAM_PAYLOAD_BYTES = MAX_DATAGRAM_BYTES - DATAGRAM_HEADER_BYTES;
/** An SDP port (RFC 4566 §5.14): the channel id is what the m= line names. */
export const MAX_CHANNEL_ID = 0xffff;
/** Ids at or above this belong to the device with the higher key. */
export const HIGHER_KEY_CHANNEL_BASE = 0x8000;

/** SIP bytes are cut into messages of at most this size (secret-stream's own limit is 16 MiB). */
export const MAX_SIP_MESSAGE_BODY_BYTES = 64 * 1024;

const KIND_SIP = 0x00;
const KIND_VERDICT = 0x01;
const KIND_PING = 0x02;
const KIND_PONG = 0x03;

const DECISION_ACCEPT = 1;
const DECISION_DUPLICATE = 2;

export type Verdict = 'accept' | 'duplicate';

export type StreamMessage =
  | { readonly kind: 'sip'; readonly bytes: Buffer }
  | { readonly kind: 'verdict'; readonly verdict: Verdict }
  | { readonly kind: 'ping'; readonly nonce: number }
  | { readonly kind: 'pong'; readonly nonce: number }
  | { readonly kind: 'keep-alive' }
  | { readonly kind: 'unknown'; readonly type: number };

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function encodeSipMessage(bytes: Uint8Array): Buffer {
  const message = Buffer.allocUnsafe(1 + bytes.length);
  message[0] = KIND_SIP;
  message.set(bytes, 1);
  return message;
}

export function encodeVerdict(verdict: Verdict): Buffer {
  return Buffer.from([KIND_VERDICT, PEER_PROTOCOL_VERSION, verdict === 'accept' ? DECISION_ACCEPT : DECISION_DUPLICATE]);
}

export function encodePing(nonce: number): Buffer {
  return withNonce(KIND_PING, nonce);
}

export function encodePong(nonce: number): Buffer {
  return withNonce(KIND_PONG, nonce);
}

function withNonce(kind: number, nonce: number): Buffer {
  const message = Buffer.allocUnsafe(5);
  message[0] = kind;
  message.writeUInt32BE(nonce >>> 0, 1);
  return message;
}

/** Parses one reliable message; `ok: false` means the peer broke the framing. */
export function decodeStreamMessage(message: Buffer): Decoded<StreamMessage> {
  if (message.length === 0) return { ok: true, value: { kind: 'keep-alive' } };
  const type = message[0] ?? -1;
  switch (type) {
    case KIND_SIP:
      return { ok: true, value: { kind: 'sip', bytes: message.subarray(1) } };
    case KIND_VERDICT: {
      if (message.length !== 3) return { ok: false, reason: `a verdict of ${message.length} bytes` };
      if (message[1] !== PEER_PROTOCOL_VERSION) return { ok: false, reason: `verdict version ${message[1]}, expected ${PEER_PROTOCOL_VERSION}` };
      if (message[2] === DECISION_ACCEPT) return { ok: true, value: { kind: 'verdict', verdict: 'accept' } };
      if (message[2] === DECISION_DUPLICATE) return { ok: true, value: { kind: 'verdict', verdict: 'duplicate' } };
      return { ok: false, reason: `verdict decision ${message[2]}` };
    }
    case KIND_PING:
    case KIND_PONG: {
      if (message.length !== 5) return { ok: false, reason: `a ${type === KIND_PING ? 'ping' : 'pong'} of ${message.length} bytes` };
      const nonce = message.readUInt32BE(1);
      return { ok: true, value: type === KIND_PING ? { kind: 'ping', nonce } : { kind: 'pong', nonce } };
    }
    default:
      return { ok: true, value: { kind: 'unknown', type } };
  }
}

/** Frames a datagram; the caller has checked the channel id and the payload size. */
export function encodeDatagram(channelId: number, payload: Uint8Array): Buffer {
  const datagram = Buffer.allocUnsafe(DATAGRAM_HEADER_BYTES + payload.length);
  datagram.writeUInt32BE(channelId, 0);
  datagram.set(payload, DATAGRAM_HEADER_BYTES);
  return datagram;
}

export function decodeDatagram(datagram: Buffer): Decoded<{ readonly channelId: number; readonly payload: Buffer }> {
  if (datagram.length < DATAGRAM_HEADER_BYTES) return { ok: false, reason: `a ${datagram.length}-byte datagram` };
  if (datagram.length > MAX_DATAGRAM_BYTES) return { ok: false, reason: `a ${datagram.length}-byte datagram` };
  const channelId = datagram.readUInt32BE(0);
  if (channelId === 0) return { ok: false, reason: 'a datagram on the reserved channel 0' };
  return { ok: true, value: { channelId, payload: datagram.subarray(DATAGRAM_HEADER_BYTES) } };
}

export function isValidChannelId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_CHANNEL_ID;
}

/** Whether `id` lies in the half of the channel id space the device with the lower key allocates from. */
export function isLowerKeyChannel(id: number): boolean {
  return id < HIGHER_KEY_CHANNEL_BASE;
}
