import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeRtpPacket, encodeRtpPacket, type RtpDecodeErrorCode, type RtpPacket } from '../../../../src/main/media/rtp/rtp-packet.js';
import { RtpError } from '../../../../src/main/media/rtp/rtp-error.js';
import { seededRandom } from './seeded-random.js';

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s+/g, '').match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const base: RtpPacket = { marker: false, payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, csrcs: [], payload: new Uint8Array(), paddingLength: 0 };

// Packets built by hand from RFC 3550 §5.1's layout.
const VECTORS: Array<{ name: string; bytes: string; packet: RtpPacket }> = [
  {
    name: 'PCMU, marker set, no options',
    // V=2 P=0 X=0 CC=0 | M=1 PT=0 | seq 0x1234 | ts 0xdeadbeef | SSRC 0x01020304 | payload ff fe
    bytes: '80 80 1234 deadbeef 01020304 fffe',
    packet: { ...base, marker: true, sequenceNumber: 0x1234, timestamp: 0xdeadbeef, ssrc: 0x01020304, payload: hex('fffe') },
  },
  {
    name: 'Opus PT 111 with 2 CSRCs, a one-byte-header extension and 4 octets of padding',
    // V=2 P=1 X=1 CC=2 = 0xb2 | M=0 PT=111 = 0x6f | seq 65535 | ts 2^32−1 | SSRC | 2 CSRC | BEDE len 1 | data | payload | padding
    bytes: 'b2 6f ffff ffffffff cafebabe 00000001 00000002 bede0001 10aa0000 0102030405 000000 04',
    packet: {
      ...base, payloadType: 111, sequenceNumber: 0xffff, timestamp: 0xffff_ffff, ssrc: 0xcafebabe, csrcs: [1, 2],
      extension: { profile: 0xbede, data: hex('10aa0000') }, payload: hex('0102030405'), paddingLength: 4,
    },
  },
  {
    name: 'an empty payload with only padding',
    bytes: 'a0 08 0001 00000001 00000002 0002',
    packet: { ...base, payloadType: 8, sequenceNumber: 1, timestamp: 1, ssrc: 2, paddingLength: 2 },
  },
];

const plain = (p: RtpPacket) => ({ ...p, payload: toHex(p.payload), extension: p.extension && { profile: p.extension.profile, data: toHex(p.extension.data) } });

describe('RTP packets (RFC 3550 §5.1)', () => {
  for (const vector of VECTORS) {
    test(`decodes and encodes ${vector.name}`, () => {
      const bytes = hex(vector.bytes);
      const decoded = decodeRtpPacket(bytes);
      assert.ok(decoded.ok, decoded.ok ? '' : decoded.error.reason);
      assert.deepEqual(plain(decoded.packet), plain(vector.packet));
      assert.equal(toHex(encodeRtpPacket(vector.packet)), toHex(bytes));
    });
  }

  const malformed: Array<[string, string, RtpDecodeErrorCode]> = [
    ['nothing', '', 'TRUNCATED'],
    ['11 octets', '80 00 0000 00000000 000000', 'TRUNCATED'],
    ['version 1', '40 00 0000 00000000 00000000', 'BAD_VERSION'],
    ['version 0 (a STUN message, say)', '00 01 0000 2112a442 00000000', 'BAD_VERSION'],
    ['CSRCs that are not there', '83 00 0000 00000000 00000000 00000001', 'TRUNCATED'],
    ['an extension header cut short', '90 00 0000 00000000 00000000 bede', 'TRUNCATED'],
    ['an extension longer than the packet', '90 00 0000 00000000 00000000 bede0002 00000000', 'TRUNCATED'],
    ['a padding count of 0', 'a0 00 0000 00000000 00000000 aabb00', 'BAD_PADDING'],
    ['padding longer than the payload', 'a0 00 0000 00000000 00000000 aa05', 'BAD_PADDING'],
  ];
  for (const [name, bytes, code] of malformed) {
    test(`rejects ${name} with ${code}`, () => {
      const decoded = decodeRtpPacket(hex(bytes));
      assert.equal(decoded.ok ? 'ok' : decoded.error.code, code);
    });
  }

  test('5,000 random byte strings never throw, and what decodes encodes back to the same bytes', () => {
    const random = seededRandom(3550);
    let decodedCount = 0;
    for (let i = 0; i < 5000; i += 1) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 48) }, () => Math.floor(random() * 256));
      if (bytes.length > 0 && i % 2 === 0) bytes[0] = 0x80 | ((bytes[0] ?? 0) & 0x3f); // version 2 half the time
      const decoded = decodeRtpPacket(bytes);
      if (decoded.ok && decoded.packet.paddingLength === 0) {
        decodedCount += 1;
        assert.equal(toHex(encodeRtpPacket(decoded.packet)), toHex(bytes));
      }
    }
    assert.ok(decodedCount > 100, `only ${decodedCount} decoded`);
  });

  const outOfRange: Array<[string, Partial<RtpPacket>]> = [
    ['payload type 128', { payloadType: 128 }],
    ['sequence number 65536', { sequenceNumber: 65536 }],
    ['a negative timestamp', { timestamp: -1 }],
    ['SSRC 2^32', { ssrc: 2 ** 32 }],
    ['16 CSRCs', { csrcs: Array(16).fill(1) }],
    ['extension data of 3 octets', { extension: { profile: 1, data: new Uint8Array(3) } }],
    ['256 octets of padding', { paddingLength: 256 }],
  ];
  for (const [name, fields] of outOfRange) {
    test(`refuses to encode ${name}`, () => {
      assert.throws(() => encodeRtpPacket({ ...base, ...fields }), (e: unknown) => e instanceof RtpError && e.code === 'RTP_FIELD_OUT_OF_RANGE');
    });
  }
});
