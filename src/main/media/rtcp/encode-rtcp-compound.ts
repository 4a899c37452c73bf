import { RtpError, checkUnsigned } from '../rtp/rtp-error.js';
import {
  MAX_RTCP_COUNT, REPORT_BLOCK_LENGTH, RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR, SENDER_INFO_LENGTH,
  type ReportBlock, type RtcpPacket, type SdesChunk,
} from './rtcp-packet.js';

const CODE = 'RTCP_FIELD_OUT_OF_RANGE';
const encoder = new TextEncoder();

/**
 * Encodes packets back to back into one compound datagram (RFC 3550 §6.1). Our own values out of
 * range (33 report blocks, a 300-octet CNAME) are faults and throw `RTCP_FIELD_OUT_OF_RANGE`.
 */
export function encodeRtcpCompound(packets: readonly RtcpPacket[]): Uint8Array {
  return concat(packets.map(encodeRtcpPacket));
}

export function encodeRtcpPacket(packet: RtcpPacket): Uint8Array {
  switch (packet.type) {
    case 'sr':
    case 'rr': {
      checkCount('report blocks', packet.reports.length);
      const infoLength = packet.type === 'sr' ? SENDER_INFO_LENGTH : 0;
      const body = new Uint8Array(4 + infoLength + REPORT_BLOCK_LENGTH * packet.reports.length);
      const view = new DataView(body.buffer);
      setU32(view, 0, 'SSRC', packet.ssrc);
      if (packet.type === 'sr') {
        const info = packet.senderInfo;
        setU32(view, 4, 'NTP seconds', info.ntpTimestamp.seconds);
        setU32(view, 8, 'NTP fraction', info.ntpTimestamp.fraction);
        setU32(view, 12, 'RTP timestamp', info.rtpTimestamp);
        setU32(view, 16, 'packet count', info.packetCount);
        setU32(view, 20, 'octet count', info.octetCount);
      }
      packet.reports.forEach((block, i) => writeReportBlock(view, 4 + infoLength + i * REPORT_BLOCK_LENGTH, block));
      return withHeader(packet.type === 'sr' ? RTCP_SR : RTCP_RR, packet.reports.length, body);
    }
    case 'sdes':
      checkCount('SDES chunks', packet.chunks.length);
      return withHeader(RTCP_SDES, packet.chunks.length, concat(packet.chunks.map(encodeChunk)));
    case 'bye': {
      checkCount('BYE sources', packet.sources.length);
      const reason = packet.reason === undefined ? undefined : encoder.encode(packet.reason);
      if (reason) checkUnsigned(CODE, 'BYE reason length', reason.length, 0xff);
      const reasonLength = reason ? padded(1 + reason.length) : 0;
      const body = new Uint8Array(4 * packet.sources.length + reasonLength);
      const view = new DataView(body.buffer);
      packet.sources.forEach((source, i) => setU32(view, 4 * i, 'BYE source', source));
      if (reason) {
        body[4 * packet.sources.length] = reason.length;
        body.set(reason, 4 * packet.sources.length + 1);
      }
      return withHeader(RTCP_BYE, packet.sources.length, body);
    }
    case 'other':
      checkUnsigned(CODE, 'packet type', packet.packetType, 0xff);
      checkCount('count', packet.count);
      if (packet.body.length % 4 !== 0) throw new RtpError(CODE, `an RTCP body of ${packet.body.length} octets is not whole 32-bit words`);
      return withHeader(packet.packetType, packet.count, packet.body);
  }
}

/** §6.4.1 report block; cumulative lost is signed 24-bit (two's complement). */
function writeReportBlock(view: DataView, offset: number, block: ReportBlock): void {
  setU32(view, offset, 'report SSRC', block.ssrc);
  checkUnsigned(CODE, 'fraction lost', block.fractionLost, 0xff);
  if (!Number.isInteger(block.cumulativeLost) || block.cumulativeLost < -0x80_0000 || block.cumulativeLost > 0x7f_ffff) {
    throw new RtpError(CODE, `cumulative lost ${block.cumulativeLost} does not fit 24 signed bits`);
  }
  setU32(view, offset + 4, 'loss', ((block.fractionLost << 24) | (block.cumulativeLost & 0xff_ffff)) >>> 0);
  setU32(view, offset + 8, 'extended highest sequence number', block.extendedHighestSequenceNumber);
  setU32(view, offset + 12, 'jitter', block.jitter);
  setU32(view, offset + 16, 'LSR', block.lastSenderReport);
  setU32(view, offset + 20, 'DLSR', block.delaySinceLastSenderReport);
}

/** §6.5: SSRC/CSRC, items (type, length, text), a null item, padding to a 32-bit boundary. */
function encodeChunk(chunk: SdesChunk): Uint8Array {
  const items = chunk.items.map((item) => {
    checkUnsigned(CODE, 'SDES item type', item.type, 0xff);
    if (item.type === 0) throw new RtpError(CODE, 'SDES item type 0 is the end marker');
    const text = encoder.encode(item.text);
    checkUnsigned(CODE, 'SDES text length', text.length, 0xff);
    return concat([Uint8Array.of(item.type, text.length), text]);
  });
  const content = concat(items);
  checkUnsigned(CODE, 'SDES source', chunk.source, 0xffff_ffff);
  const out = new Uint8Array(padded(4 + content.length + 1)); // at least one null octet
  new DataView(out.buffer).setUint32(0, chunk.source);
  out.set(content, 4);
  return out;
}

/** §6.4.1 common header: V=2, P=0, count, packet type, length in 32-bit words minus one. */
function withHeader(packetType: number, count: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  const view = new DataView(out.buffer);
  view.setUint8(0, 0x80 | count);
  view.setUint8(1, packetType);
  checkUnsigned(CODE, 'RTCP length', out.length / 4 - 1, 0xffff);
  view.setUint16(2, out.length / 4 - 1);
  out.set(body, 4);
  return out;
}

function setU32(view: DataView, offset: number, name: string, value: number): void {
  checkUnsigned(CODE, name, value, 0xffff_ffff);
  view.setUint32(offset, value);
}

function checkCount(name: string, count: number): void {
  checkUnsigned(CODE, `number of ${name}`, count, MAX_RTCP_COUNT);
}

const padded = (length: number): number => Math.ceil(length / 4) * 4;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
