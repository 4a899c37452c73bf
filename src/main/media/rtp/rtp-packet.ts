import { checkUnsigned } from './rtp-error.js';

/**
 * The RTP data packet (RFC 3550 §5.1), encoded and decoded. Decoding is the edge where a peer's
 * bytes become a typed value: it never throws, and the payload and extension data are views into
 * the input (no copy), so hold on to them only as long as the datagram.
 *
 *   0                   1                   2                   3
 *   V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *   timestamp                                                      |
 *   synchronization source (SSRC) identifier                       |
 *   contributing source (CSRC) identifiers (0–15)                  |
 *   [header extension: profile(16) length-in-words(16) data]       |
 *   payload … [padding, last octet = padding count]
 */
export interface RtpHeaderExtension {
  /** The 16 "defined by profile" bits (0xBEDE for RFC 8285 one-byte headers). */
  readonly profile: number;
  /** Extension data; its length is a multiple of 4 octets. */
  readonly data: Uint8Array;
}

export interface RtpPacket {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension?: RtpHeaderExtension | undefined;
  readonly payload: Uint8Array;
  /** Octets of padding after the payload (0 = the P bit is clear), counting the count octet. */
  readonly paddingLength: number;
}

export type RtpDecodeErrorCode = 'TRUNCATED' | 'BAD_VERSION' | 'BAD_PADDING';

export interface RtpDecodeError {
  readonly code: RtpDecodeErrorCode;
  readonly reason: string;
}

export type RtpDecodeResult = { readonly ok: true; readonly packet: RtpPacket } | { readonly ok: false; readonly error: RtpDecodeError };

export const RTP_VERSION = 2;
export const RTP_FIXED_HEADER_LENGTH = 12;
const MAX_CSRCS = 15;

const failure = (code: RtpDecodeErrorCode, reason: string): RtpDecodeResult => ({ ok: false, error: { code, reason } });

export function decodeRtpPacket(bytes: Uint8Array): RtpDecodeResult {
  if (bytes.length < RTP_FIXED_HEADER_LENGTH) return failure('TRUNCATED', `an RTP packet needs ${RTP_FIXED_HEADER_LENGTH} octets, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const first = view.getUint8(0);
  if (first >> 6 !== RTP_VERSION) return failure('BAD_VERSION', `RTP version ${first >> 6}, expected 2`);
  const hasPadding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  const second = view.getUint8(1);

  let offset = RTP_FIXED_HEADER_LENGTH;
  if (bytes.length < offset + 4 * csrcCount) return failure('TRUNCATED', `the header lists ${csrcCount} CSRCs that do not fit`);
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i += 1, offset += 4) csrcs.push(view.getUint32(offset));

  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (bytes.length < offset + 4) return failure('TRUNCATED', 'the header extension does not fit');
    const profile = view.getUint16(offset);
    const dataLength = 4 * view.getUint16(offset + 2);
    offset += 4;
    if (bytes.length < offset + dataLength) return failure('TRUNCATED', `the header extension claims ${dataLength} octets that do not fit`);
    extension = { profile, data: bytes.subarray(offset, offset + dataLength) };
    offset += dataLength;
  }

  let end = bytes.length;
  let paddingLength = 0;
  if (hasPadding) {
    paddingLength = view.getUint8(bytes.length - 1);
    // §5.1: the count includes itself, so 0 is invalid; it may not reach into the header.
    if (paddingLength === 0 || paddingLength > end - offset) return failure('BAD_PADDING', `padding of ${paddingLength} octets does not fit the packet`);
    end -= paddingLength;
  }

  return {
    ok: true,
    packet: {
      marker: (second & 0x80) !== 0,
      payloadType: second & 0x7f,
      sequenceNumber: view.getUint16(2),
      timestamp: view.getUint32(4),
      ssrc: view.getUint32(8),
      csrcs,
      extension,
      payload: bytes.subarray(offset, end),
      paddingLength,
    },
  };
}

/** Encodes a packet; a field out of range is our fault and throws `RTP_FIELD_OUT_OF_RANGE`. */
export function encodeRtpPacket(packet: RtpPacket): Uint8Array {
  checkFields(packet);
  const extensionLength = packet.extension ? 4 + packet.extension.data.length : 0;
  const headerLength = RTP_FIXED_HEADER_LENGTH + 4 * packet.csrcs.length + extensionLength;
  const bytes = new Uint8Array(headerLength + packet.payload.length + packet.paddingLength);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, (RTP_VERSION << 6) | (packet.paddingLength > 0 ? 0x20 : 0) | (packet.extension ? 0x10 : 0) | packet.csrcs.length);
  view.setUint8(1, (packet.marker ? 0x80 : 0) | packet.payloadType);
  view.setUint16(2, packet.sequenceNumber);
  view.setUint32(4, packet.timestamp);
  view.setUint32(8, packet.ssrc);
  let offset = RTP_FIXED_HEADER_LENGTH;
  for (const csrc of packet.csrcs) {
    view.setUint32(offset, csrc);
    offset += 4;
  }
  if (packet.extension) {
    view.setUint16(offset, packet.extension.profile);
    view.setUint16(offset + 2, packet.extension.data.length / 4);
    bytes.set(packet.extension.data, offset + 4);
    offset += extensionLength;
  }
  bytes.set(packet.payload, offset);
  if (packet.paddingLength > 0) bytes[bytes.length - 1] = packet.paddingLength;
  return bytes;
}

function checkFields(packet: RtpPacket): void {
  const code = 'RTP_FIELD_OUT_OF_RANGE';
  checkUnsigned(code, 'payload type', packet.payloadType, 0x7f);
  checkUnsigned(code, 'sequence number', packet.sequenceNumber, 0xffff);
  checkUnsigned(code, 'timestamp', packet.timestamp, 0xffff_ffff);
  checkUnsigned(code, 'SSRC', packet.ssrc, 0xffff_ffff);
  checkUnsigned(code, 'CSRC count', packet.csrcs.length, MAX_CSRCS);
  for (const csrc of packet.csrcs) checkUnsigned(code, 'CSRC', csrc, 0xffff_ffff);
  checkUnsigned(code, 'padding length', packet.paddingLength, 0xff);
  if (packet.extension) {
    checkUnsigned(code, 'extension profile', packet.extension.profile, 0xffff);
    checkUnsigned(code, 'extension length in words', packet.extension.data.length / 4, 0xffff);
  }
}
