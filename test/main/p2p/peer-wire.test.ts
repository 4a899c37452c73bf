import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DATAGRAM_HEADER_BYTES,
  decodeDatagram,
  decodeStreamMessage,
  encodeDatagram,
  encodePing,
  encodePong,
  encodeSipMessage,
  encodeVerdict,
  MAX_DATAGRAM_BYTES,
  type StreamMessage,
} from '../../../src/main/p2p/peer-wire.js';

describe('peer wire: reliable messages', () => {
  const roundTrips: Array<[string, Buffer, StreamMessage]> = [
    ['SIP bytes', encodeSipMessage(Buffer.from('OPTIONS')), { kind: 'sip', bytes: Buffer.from('OPTIONS') }],
    ['an accept verdict', encodeVerdict('accept'), { kind: 'verdict', verdict: 'accept' }],
    ['a duplicate verdict', encodeVerdict('duplicate'), { kind: 'verdict', verdict: 'duplicate' }],
    ['a ping', encodePing(0xdeadbeef), { kind: 'ping', nonce: 0xdeadbeef }],
    ['a pong', encodePong(7), { kind: 'pong', nonce: 7 }],
    ['a kind from a later version', Buffer.from([0x42, 1, 2]), { kind: 'unknown', type: 0x42 }],
    ['an empty message as a keep-alive', Buffer.alloc(0), { kind: 'keep-alive' }],
  ];
  for (const [what, bytes, expected] of roundTrips) {
    test(`decodes ${what}`, () => {
      assert.deepEqual(decodeStreamMessage(bytes), { ok: true, value: expected });
    });
  }

  const broken: Array<[string, Buffer]> = [
    ['a short verdict', Buffer.from([0x01, 1])],
    ['a verdict of another version', Buffer.from([0x01, 2, 1])],
    ['a verdict with no such decision', Buffer.from([0x01, 1, 3])],
    ['a short ping', Buffer.from([0x02, 0, 0, 1])],
    ['a long pong', Buffer.from([0x03, 0, 0, 0, 1, 9])],
  ];
  for (const [what, bytes] of broken) {
    test(`refuses ${what}`, () => {
      assert.equal(decodeStreamMessage(bytes).ok, false);
    });
  }

  test('writes the verdict as kind 1, version 1, decision', () => {
    assert.deepEqual([...encodeVerdict('accept')], [1, 1, 1]);
    assert.deepEqual([...encodeVerdict('duplicate')], [1, 1, 2]);
  });
});

describe('peer wire: datagrams', () => {
  test('put the channel id, big-endian, in front of the payload', () => {
    const datagram = encodeDatagram(0x01020304, Buffer.from('rtp'));
    assert.deepEqual([...datagram.subarray(0, DATAGRAM_HEADER_BYTES)], [1, 2, 3, 4]);
    assert.deepEqual(decodeDatagram(datagram), { ok: true, value: { channelId: 0x01020304, payload: Buffer.from('rtp') } });
  });

  const broken: Array<[string, Buffer]> = [
    ['shorter than the header', Buffer.from([0, 0, 1])],
    ['on the reserved channel 0', encodeDatagram(0, Buffer.from('x'))],
    ['longer than the limit', Buffer.alloc(MAX_DATAGRAM_BYTES + 1, 1)],
  ];
  for (const [what, bytes] of broken) {
    test(`are refused when ${what}`, () => {
      assert.equal(decodeDatagram(bytes).ok, false);
    });
  }

  test('may carry an empty payload', () => {
    assert.deepEqual(decodeDatagram(encodeDatagram(1, Buffer.alloc(0))), { ok: true, value: { channelId: 1, payload: Buffer.alloc(0) } });
  });
});
