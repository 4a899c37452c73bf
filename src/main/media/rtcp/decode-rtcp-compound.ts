import {
  REPORT_BLOCK_LENGTH, RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR, SENDER_INFO_LENGTH,
  type ReportBlock, type RtcpPacket, type SdesChunk, type SdesItem,
} from './rtcp-packet.js';

export type RtcpDecodeErrorCode = 'TRUNCATED' | 'BAD_VERSION' | 'BAD_LENGTH' | 'BAD_PADDING' | 'FIRST_NOT_REPORT' | 'BAD_PACKET';

export interface RtcpDecodeError {
  readonly code: RtcpDecodeErrorCode;
  readonly reason: string;
}

export type RtcpDecodeResult = { readonly ok: true; readonly packets: RtcpPacket[] } | { readonly ok: false; readonly error: RtcpDecodeError };

type PacketResult = { readonly ok: true; readonly packet: RtcpPacket } | { readonly ok: false; readonly error: RtcpDecodeError };

const decoder = new TextDecoder('utf-8', { fatal: false });
const fail = (code: RtcpDecodeErrorCode, reason: string) => ({ ok: false, error: { code, reason } }) as const;

/**
 * Decodes a compound RTCP datagram with the validity checks of RFC 3550 A.2: version 2 in every
 * packet, a report (SR or RR) first, lengths that add up to the datagram, padding only on the
 * last packet. Never throws on a peer's bytes; text is decoded leniently (bad UTF-8 → U+FFFD).
 * Views (`other` bodies) point into the input.
 */
export function decodeRtcpCompound(bytes: Uint8Array): RtcpDecodeResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: RtcpPacket[] = [];
  let offset = 0;
  if (bytes.length < 4) return fail('TRUNCATED', `an RTCP packet needs 4 octets, got ${bytes.length}`);
  while (offset < bytes.length) {
    if (bytes.length - offset < 4) return fail('BAD_LENGTH', `${bytes.length - offset} octets left over after the last packet`);
    const first = view.getUint8(offset);
    if (first >> 6 !== 2) return fail('BAD_VERSION', `RTCP version ${first >> 6}, expected 2`);
    const length = 4 * (view.getUint16(offset + 2) + 1);
    if (offset + length > bytes.length) return fail('TRUNCATED', `a packet of ${length} octets does not fit`);
    let end = offset + length;
    if ((first & 0x20) !== 0) {
      if (end !== bytes.length) return fail('BAD_PADDING', 'only the last packet of a compound may be padded');
      const padding = view.getUint8(end - 1);
      if (padding === 0 || padding > length - 4) return fail('BAD_PADDING', `padding of ${padding} octets does not fit`);
      end -= padding;
    }
    const packetType = view.getUint8(offset + 1);
    if (packets.length === 0 && packetType !== RTCP_SR && packetType !== RTCP_RR) {
      return fail('FIRST_NOT_REPORT', `a compound starts with packet type ${packetType}, not SR or RR`);
    }
    const decoded = decodePacket(bytes.subarray(offset + 4, end), packetType, first & 0x1f);
    if (!decoded.ok) return decoded;
    packets.push(decoded.packet);
    offset += length;
  }
  return { ok: true, packets };
}

function decodePacket(body: Uint8Array, packetType: number, count: number): PacketResult {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  switch (packetType) {
    case RTCP_SR:
    case RTCP_RR: {
      const infoLength = packetType === RTCP_SR ? SENDER_INFO_LENGTH : 0;
      // Blocks may be followed by profile-specific extensions (§6.4.1), which we skip.
      if (body.length < 4 + infoLength + REPORT_BLOCK_LENGTH * count) return fail('BAD_PACKET', `${count} report blocks do not fit`);
      const reports: ReportBlock[] = [];
      for (let i = 0; i < count; i += 1) reports.push(readReportBlock(view, 4 + infoLength + REPORT_BLOCK_LENGTH * i));
      const ssrc = view.getUint32(0);
      if (packetType === RTCP_RR) return { ok: true, packet: { type: 'rr', ssrc, reports } };
      const senderInfo = {
        ntpTimestamp: { seconds: view.getUint32(4), fraction: view.getUint32(8) },
        rtpTimestamp: view.getUint32(12),
        packetCount: view.getUint32(16),
        octetCount: view.getUint32(20),
      };
      return { ok: true, packet: { type: 'sr', ssrc, senderInfo, reports } };
    }
    case RTCP_SDES:
      return decodeSdes(body, view, count);
    case RTCP_BYE: {
      if (body.length < 4 * count) return fail('BAD_PACKET', `${count} BYE sources do not fit`);
      const sources = Array.from({ length: count }, (_, i) => view.getUint32(4 * i));
      let reason: string | undefined;
      if (body.length > 4 * count) {
        const reasonLength = view.getUint8(4 * count);
        if (4 * count + 1 + reasonLength > body.length) return fail('BAD_PACKET', 'the BYE reason does not fit');
        reason = decoder.decode(body.subarray(4 * count + 1, 4 * count + 1 + reasonLength));
      }
      return { ok: true, packet: { type: 'bye', sources, reason } };
    }
    default:
      return { ok: true, packet: { type: 'other', packetType, count, body } };
  }
}

function readReportBlock(view: DataView, offset: number): ReportBlock {
  const loss = view.getUint32(offset + 4);
  const cumulative = loss & 0xff_ffff;
  return {
    ssrc: view.getUint32(offset),
    fractionLost: loss >>> 24,
    cumulativeLost: cumulative >= 0x80_0000 ? cumulative - 0x100_0000 : cumulative,
    extendedHighestSequenceNumber: view.getUint32(offset + 8),
    jitter: view.getUint32(offset + 12),
    lastSenderReport: view.getUint32(offset + 16),
    delaySinceLastSenderReport: view.getUint32(offset + 20),
  };
}

/** §6.5: each chunk is a source and items up to a null octet, then padding to 32 bits. */
function decodeSdes(body: Uint8Array, view: DataView, count: number): PacketResult {
  const chunks: SdesChunk[] = [];
  let offset = 0;
  for (let c = 0; c < count; c += 1) {
    if (offset + 4 > body.length) return fail('BAD_PACKET', `SDES chunk ${c + 1} does not fit`);
    const source = view.getUint32(offset);
    offset += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (offset >= body.length) return fail('BAD_PACKET', 'an SDES chunk has no end marker');
      const type = view.getUint8(offset);
      if (type === 0) break;
      if (offset + 2 > body.length) return fail('BAD_PACKET', 'an SDES item header does not fit');
      const length = view.getUint8(offset + 1);
      if (offset + 2 + length > body.length) return fail('BAD_PACKET', 'an SDES item does not fit');
      items.push({ type, text: decoder.decode(body.subarray(offset + 2, offset + 2 + length)) });
      offset += 2 + length;
    }
    offset = Math.ceil((offset + 1) / 4) * 4; // the null octet, then padding to the next word
    chunks.push({ source, items });
  }
  return { ok: true, packet: { type: 'sdes', chunks } };
}
