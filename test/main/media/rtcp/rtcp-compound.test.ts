import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeRtcpCompound, type RtcpDecodeErrorCode } from '../../../../src/main/media/rtcp/decode-rtcp-compound.js';
import { encodeRtcpCompound } from '../../../../src/main/media/rtcp/encode-rtcp-compound.js';
import { SDES_CNAME, type ReportBlock, type RtcpPacket } from '../../../../src/main/media/rtcp/rtcp-packet.js';
import { RtpError } from '../../../../src/main/media/rtp/rtp-error.js';
import { seededRandom } from '../rtp/seeded-random.js';

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s+/g, '').match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const BLOCK: ReportBlock = {
  ssrc: 0x55667788, fractionLost: 0x40, cumulativeLost: 2, extendedHighestSequenceNumber: 0x0001_0005,
  jitter: 0x10, lastSenderReport: 0xb705_2000, delaySinceLastSenderReport: 0x0005_4000,
};
const BLOCK_HEX = '55667788 40000002 00010005 00000010 b7052000 00054000';

// Compound packets laid out by hand from RFC 3550 §6.4.1 (SR, RR), §6.5 (SDES), §6.6 (BYE).
const VECTORS: Array<{ name: string; bytes: string; packets: RtcpPacket[] }> = [
  {
    name: 'RR with one report block + SDES CNAME "ab"',
    // RR: V=2 RC=1 | PT 201 | length 7 | SSRC | block.  SDES: SC=1 | PT 202 | length 3 | SSRC | CNAME len 2 "ab" | end | pad
    bytes: `81 c9 0007 11223344 ${BLOCK_HEX}  81 ca 0003 11223344 01 02 6162 00 000000`,
    packets: [{ type: 'rr', ssrc: 0x11223344, reports: [BLOCK] }, { type: 'sdes', chunks: [{ source: 0x11223344, items: [{ type: SDES_CNAME, text: 'ab' }] }] }],
  },
  {
    name: 'SR without report blocks + BYE with a reason',
    // SR: RC=0 | PT 200 | length 6 | SSRC | NTP b7052000 … | RTP ts | packets | octets.  BYE: SC=1 | PT 203 | length 2 | SSRC | len 3 "bye"
    bytes: '80 c8 0006 11223344 e1a2b3c4 80000000 00003e80 00000064 00003e80  81 cb 0002 11223344 03 627965',
    packets: [
      { type: 'sr', ssrc: 0x11223344, senderInfo: { ntpTimestamp: { seconds: 0xe1a2b3c4, fraction: 0x8000_0000 }, rtpTimestamp: 16000, packetCount: 100, octetCount: 16000 }, reports: [] },
      { type: 'bye', sources: [0x11223344], reason: 'bye' },
    ],
  },
  {
    name: 'RR without blocks, a negative cumulative lost, and an APP packet kept whole',
    bytes: `81 c9 0007 00000001 ${BLOCK_HEX.replace('40000002', '00ffffff')}  80 cc 0002 00000001 41424344`,
    packets: [
      { type: 'rr', ssrc: 1, reports: [{ ...BLOCK, fractionLost: 0, cumulativeLost: -1 }] },
      { type: 'other', packetType: 204, count: 0, body: hex('00000001 41424344') },
    ],
  },
];

const plain = (packets: RtcpPacket[]) => packets.map((p) => (p.type === 'other' ? { ...p, body: toHex(p.body) } : p));

describe('compound RTCP packets (RFC 3550 §6)', () => {
  for (const vector of VECTORS) {
    test(`decodes and encodes: ${vector.name}`, () => {
      const decoded = decodeRtcpCompound(hex(vector.bytes));
      assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.reason);
      assert.deepEqual(plain(decoded.packets), plain(vector.packets));
      assert.equal(toHex(encodeRtcpCompound(vector.packets)), toHex(hex(vector.bytes)));
    });
  }

  test('round-trips SDES with several items and chunks, UTF-8 text and 31 report blocks', () => {
    const packets: RtcpPacket[] = [
      { type: 'sr', ssrc: 9, senderInfo: { ntpTimestamp: { seconds: 1, fraction: 2 }, rtpTimestamp: 3, packetCount: 4, octetCount: 5 }, reports: Array(31).fill(BLOCK) },
      { type: 'sdes', chunks: [{ source: 9, items: [{ type: SDES_CNAME, text: 'parley@ünïcode' }, { type: 2, text: 'Ada' }] }, { source: 10, items: [] }] },
      { type: 'bye', sources: [9, 10] },
    ];
    const decoded = decodeRtcpCompound(encodeRtcpCompound(packets));
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.packets, packets.map((p) => (p.type === 'bye' ? { ...p, reason: undefined } : p)));
  });

  test('accepts padding on the last packet', () => {
    const decoded = decodeRtcpCompound(hex('a0 c9 0002 00000001 00000004'));
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.packets, [{ type: 'rr', ssrc: 1, reports: [] }]);
  });

  const malformed: Array<[string, string, RtcpDecodeErrorCode]> = [
    ['nothing', '', 'TRUNCATED'],
    ['version 1', '41 c9 0001 00000001', 'BAD_VERSION'],
    ['a length beyond the datagram', '80 c9 0005 00000001', 'TRUNCATED'],
    ['octets left over', '80 c9 0001 00000001 8000', 'BAD_LENGTH'],
    ['an SDES first (A.2: SR or RR first)', '81 ca 0002 00000001 00000000', 'FIRST_NOT_REPORT'],
    ['padding on a packet that is not the last', 'a0 c9 0001 00000001 80 ca 0000', 'BAD_PADDING'],
    ['a padding count of 0', 'a0 c9 0002 00000001 00000000', 'BAD_PADDING'],
    ['RC = 2 with one block', `82 c9 0007 00000001 ${BLOCK_HEX}`, 'BAD_PACKET'],
    ['an SR too short for its sender info', '80 c8 0002 00000001 00000000', 'BAD_PACKET'],
    ['an SDES chunk without an end marker', '80 c9 0001 00000001 81 ca 0002 00000001 01020000', 'BAD_PACKET'],
    ['an SDES item longer than the packet', '80 c9 0001 00000001 81 ca 0002 00000001 01ff6162', 'BAD_PACKET'],
    ['a BYE reason longer than the packet', '80 c9 0001 00000001 81 cb 0002 00000001 09616263', 'BAD_PACKET'],
  ];
  for (const [name, bytes, code] of malformed) {
    test(`rejects ${name} with ${code}`, () => {
      const decoded = decodeRtcpCompound(hex(bytes));
      assert.equal(decoded.ok ? 'ok' : decoded.error.code, code);
    });
  }

  test('5,000 random and mangled datagrams never throw', () => {
    const random = seededRandom(5761);
    const valid = hex(VECTORS[0]?.bytes ?? '');
    let accepted = 0;
    for (let i = 0; i < 5000; i += 1) {
      let bytes: Uint8Array;
      if (i % 2 === 0) {
        bytes = Uint8Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256));
      } else {
        bytes = valid.slice(0, Math.floor(random() * (valid.length + 1)));
        for (let k = 0; k < 3; k += 1) if (bytes.length > 0) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      }
      if (decodeRtcpCompound(bytes).ok) accepted += 1;
    }
    assert.ok(accepted > 10, `${accepted} accepted: the mangling leaves some valid`);
  });

  const outOfRange: Array<[string, RtcpPacket]> = [
    ['32 report blocks', { type: 'rr', ssrc: 1, reports: Array(32).fill(BLOCK) }],
    ['a cumulative lost beyond 24 signed bits', { type: 'rr', ssrc: 1, reports: [{ ...BLOCK, cumulativeLost: 0x80_0000 }] }],
    ['a fraction lost of 256', { type: 'rr', ssrc: 1, reports: [{ ...BLOCK, fractionLost: 256 }] }],
    ['a CNAME of 256 octets', { type: 'sdes', chunks: [{ source: 1, items: [{ type: SDES_CNAME, text: 'x'.repeat(256) }] }] }],
    ['an SDES item of type 0', { type: 'sdes', chunks: [{ source: 1, items: [{ type: 0, text: '' }] }] }],
    ['an SSRC of 2^32', { type: 'bye', sources: [2 ** 32] }],
    ['an APP body that is not whole words', { type: 'other', packetType: 204, count: 0, body: new Uint8Array(3) }],
  ];
  for (const [name, packet] of outOfRange) {
    test(`refuses to encode ${name}`, () => {
      assert.throws(() => encodeRtcpCompound([packet]), (e: unknown) => e instanceof RtpError && e.code === 'RTCP_FIELD_OUT_OF_RANGE');
    });
  }
});
