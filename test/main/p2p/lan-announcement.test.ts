import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import {
  LAN_ANNOUNCEMENT_BYTES,
  LAN_MAX_CLOCK_SKEW_MS,
  LAN_MAX_DATAGRAM_BYTES,
  LAN_MAX_TTL_SECONDS,
  LAN_QUERY_BYTES,
  decodeLanMessage,
  encodeLanAnnouncement,
  encodeLanQuery,
  signDeviceBinding,
  verifyDeviceBinding,
  type LanAnnouncementFields,
} from '../../../src/main/p2p/lan-announcement.js';
import { seededRandom } from '../../../src/main/seeded-random.js';

const NOW = Date.UTC(2025, 0, 1);
const identity = keyPairFromSeed(Buffer.alloc(32, 1));
const device = keyPairFromSeed(Buffer.alloc(32, 2));
const stranger = keyPairFromSeed(Buffer.alloc(32, 3));

function fields(overrides: Partial<LanAnnouncementFields> = {}): LanAnnouncementFields {
  return {
    identityKey: identity.publicKey,
    deviceBinding: signDeviceBinding(identity, device.publicKey),
    device,
    port: 49737,
    ttlSeconds: 50,
    timestamp: NOW,
    ...overrides,
  };
}

function reasonOf(datagram: Uint8Array, now = NOW): string {
  const result = decodeLanMessage(datagram, now);
  return result.ok ? `ok: ${result.message.type}` : result.reason;
}

describe('the LAN announcement', () => {
  test('round-trips every field and is 208 bytes', () => {
    const datagram = encodeLanAnnouncement(fields());
    assert.equal(datagram.length, LAN_ANNOUNCEMENT_BYTES);
    const result = decodeLanMessage(datagram, NOW + 1_000);
    assert.ok(result.ok && result.message.type === 'announcement');
    const message = result.message;
    assert.deepEqual(message.identityKey, identity.publicKey);
    assert.deepEqual(message.deviceKey, device.publicKey);
    assert.equal(message.port, 49737);
    assert.equal(message.ttlSeconds, 50);
    assert.equal(message.timestamp, NOW);
    assert.ok(verifyDeviceBinding(message.identityKey, message.deviceKey, message.deviceBinding));
  });

  test('carries a goodbye as TTL 0', () => {
    const result = decodeLanMessage(encodeLanAnnouncement(fields({ ttlSeconds: 0 })), NOW);
    assert.ok(result.ok && result.message.type === 'announcement' && result.message.ttlSeconds === 0);
  });

  test('caps a long TTL so a vanished device is not listed for hours', () => {
    const result = decodeLanMessage(encodeLanAnnouncement(fields({ ttlSeconds: 65535 })), NOW);
    assert.ok(result.ok && result.message.type === 'announcement');
    assert.equal(result.message.ttlSeconds, LAN_MAX_TTL_SECONDS);
  });

  test('refuses to encode what the format cannot carry', () => {
    assert.throws(() => encodeLanAnnouncement(fields({ port: 0 })), RangeError);
    assert.throws(() => encodeLanAnnouncement(fields({ ttlSeconds: 70_000 })), RangeError);
    assert.throws(() => encodeLanAnnouncement(fields({ timestamp: 2 ** 48 })), RangeError);
    assert.throws(() => encodeLanAnnouncement(fields({ deviceBinding: Buffer.alloc(10) })), RangeError);
  });
});

describe('a forged announcement', () => {
  const cases: Array<[string, () => Buffer]> = [
    ['signed by another key', () => {
      const datagram = encodeLanAnnouncement(fields());
      const other = encodeLanAnnouncement(fields({ device: stranger, deviceBinding: signDeviceBinding(identity, stranger.publicKey) }));
      other.copy(datagram, 144, 144); // the stranger's signature over the device's claims
      return datagram;
    }],
    ['with a field changed after signing', () => {
      const datagram = encodeLanAnnouncement(fields());
      datagram.writeUInt16BE(4444, 134);
      return datagram;
    }],
    ['claiming an identity that did not bind the device', () =>
      encodeLanAnnouncement(fields({ identityKey: stranger.publicKey }))],
    ['bound by another identity', () =>
      encodeLanAnnouncement(fields({ identityKey: identity.publicKey, deviceBinding: signDeviceBinding(stranger, device.publicKey) }))],
    ['with a device key that is not a curve point', () => {
      const datagram = encodeLanAnnouncement(fields());
      datagram.fill(0xff, 38, 70);
      return datagram;
    }],
  ];
  for (const [name, make] of cases) {
    test(`${name} is dropped as forged`, () => assert.equal(reasonOf(make()), 'forged'));
  }
});

describe('a stale announcement', () => {
  test('is accepted within the tolerated clock skew either way', () => {
    assert.equal(reasonOf(encodeLanAnnouncement(fields({ timestamp: NOW - LAN_MAX_CLOCK_SKEW_MS }))), 'ok: announcement');
    assert.equal(reasonOf(encodeLanAnnouncement(fields({ timestamp: NOW + LAN_MAX_CLOCK_SKEW_MS }))), 'ok: announcement');
  });

  test('is dropped when older or newer than that', () => {
    assert.equal(reasonOf(encodeLanAnnouncement(fields({ timestamp: NOW - LAN_MAX_CLOCK_SKEW_MS - 1 }))), 'stale');
    assert.equal(reasonOf(encodeLanAnnouncement(fields({ timestamp: NOW + LAN_MAX_CLOCK_SKEW_MS + 1 }))), 'stale');
  });
});

describe('the LAN query', () => {
  test('round-trips the querier device key', () => {
    const datagram = encodeLanQuery(device.publicKey);
    assert.equal(datagram.length, LAN_QUERY_BYTES);
    const result = decodeLanMessage(datagram, NOW);
    assert.ok(result.ok && result.message.type === 'query');
    assert.deepEqual(result.message.deviceKey, device.publicKey);
  });
});

describe('bad input', () => {
  const announcement = encodeLanAnnouncement(fields());
  const table: Array<[string, Uint8Array, string]> = [
    ['nothing', new Uint8Array(0), 'malformed'],
    ['the magic alone', Buffer.from('PLAN'), 'malformed'],
    ['another protocol on the port', Buffer.from('M-SEARCH * HTTP/1.1\r\n\r\n'), 'malformed'],
    ['a later version', Buffer.concat([Buffer.from('PLAN'), Buffer.from([2]), announcement.subarray(5)]), 'malformed'],
    ['an unknown type', Buffer.concat([announcement.subarray(0, 5), Buffer.from([9]), announcement.subarray(6)]), 'malformed'],
    ['a truncated announcement', announcement.subarray(0, 207), 'malformed'],
    ['an announcement with a trailer', Buffer.concat([announcement, Buffer.from([0])]), 'malformed'],
    ['a query with a trailer', Buffer.concat([encodeLanQuery(device.publicKey), Buffer.from([0])]), 'malformed'],
    ['port 0', Buffer.concat([announcement.subarray(0, 134), Buffer.from([0, 0]), announcement.subarray(136)]), 'malformed'],
    ['the largest datagram we read, of junk', Buffer.alloc(LAN_MAX_DATAGRAM_BYTES, 0x41), 'malformed'],
    ['one byte more', Buffer.alloc(LAN_MAX_DATAGRAM_BYTES + 1, 0x41), 'oversized'],
    ['a 64 KiB datagram', Buffer.concat([announcement, Buffer.alloc(65_000)]), 'oversized'],
  ];
  for (const [name, datagram, reason] of table) {
    test(`${name} is dropped as ${reason}`, () => assert.equal(reasonOf(datagram), reason));
  }

  test('any single corrupted byte of an announcement is dropped, never thrown', () => {
    const random = seededRandom(7);
    for (let offset = 0; offset < announcement.length; offset++) {
      const corrupted = Buffer.from(announcement);
      corrupted[offset] = (corrupted[offset] ?? 0) ^ (1 + Math.floor(random() * 255));
      const reason = reasonOf(corrupted);
      assert.ok(['malformed', 'stale', 'forged'].includes(reason), `byte ${offset}: ${reason}`);
    }
  });

  test('random datagrams are dropped, never thrown', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(random() * 600);
      const datagram = Buffer.alloc(length);
      for (let j = 0; j < length; j++) datagram[j] = Math.floor(random() * 256);
      // Half of them start like ours, so the parser gets past the magic.
      if (i % 2 === 0 && length >= 6) Buffer.from([0x50, 0x4c, 0x41, 0x4e, 1, 1 + (i % 4)]).copy(datagram);
      const result = decodeLanMessage(datagram, NOW);
      // A 38-byte "query" is the one thing random bytes behind our header can be.
      assert.ok(!result.ok || (result.message.type === 'query' && length === LAN_QUERY_BYTES), `datagram ${i}`);
    }
  });
});
