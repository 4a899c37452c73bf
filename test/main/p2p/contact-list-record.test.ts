import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import HyperDHT from 'hyperdht';
import { addressOfRecord } from '../../../src/main/identity/address-of-record.js';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import { deriveContactListKeys } from '../../../src/main/p2p/contact-list-keys.js';
import {
  ContactListError,
  decodeContactList,
  decodeContactListHead,
  encodeContactList,
  MAX_BACKED_UP_CONTACTS,
  MAX_CONTACT_RECORD_BYTES,
  type BackedUpContact,
  type ContactListSnapshot,
} from '../../../src/main/p2p/contact-list-record.js';

const newKeyPair = (): KeyPair => keyPairFromSeed(generateSeed());
const SAVED_AT = 1_760_000_000_000;

/** `count` buddies as the profile stores them: Parley addresses, names, ISO times to the millisecond. */
function buddies(count: number, name: (i: number) => string = (i) => `Buddy ${i}`): BackedUpContact[] {
  return Array.from({ length: count }, (_, i) => ({
    uri: addressOfRecord(newKeyPair().publicKey),
    displayName: name(i),
    addedAt: new Date(SAVED_AT - i * 60_000).toISOString(),
  }));
}

function decodeError(keys: ReturnType<typeof deriveContactListKeys>, records: readonly Uint8Array[]): string {
  const result = decodeContactList(keys, records);
  assert.equal(result.ok, false, 'expected the records to be refused');
  return result.ok ? '' : result.error.code;
}

describe('contact list keys', () => {
  test('are the same on every device of an identity, and differ between identities and records', () => {
    const alice = newKeyPair();
    const here = deriveContactListKeys(alice);
    const there = deriveContactListKeys(keyPairFromSeed(alice.secretKey.subarray(0, 32)));
    assert.ok(here.sealKey.equals(there.sealKey));
    assert.ok(here.recordKeyPair(3).publicKey.equals(there.recordKeyPair(3).publicKey));
    const bob = deriveContactListKeys(newKeyPair());
    assert.ok(!here.sealKey.equals(bob.sealKey));
    const recordKeys = new Set([0, 1, 2, 63].map((i) => here.recordKeyPair(i).publicKey.toString('hex')));
    assert.equal(recordKeys.size, 4);
    assert.ok(!recordKeys.has(alice.publicKey.toString('hex')), 'the identity’s own slot stays the device list’s');
  });

  test('sign with key pairs HyperDHT derives the same way from the same seed', () => {
    const keys = deriveContactListKeys(newKeyPair());
    const pair = keys.recordKeyPair(1);
    assert.ok(HyperDHT.keyPair(pair.secretKey.subarray(0, 32)).secretKey.equals(pair.secretKey));
  });
});

describe('contact list record', () => {
  const alice = deriveContactListKeys(newKeyPair());

  test('round-trips an empty list, one contact and many, in order', () => {
    for (const count of [0, 1, 120]) {
      const contacts = buddies(count);
      const records = encodeContactList(alice, { savedAt: SAVED_AT, contacts });
      const decoded = decodeContactList(alice, records);
      assert.ok(decoded.ok, `${count} contacts decode`);
      assert.deepEqual(decoded.snapshot, { savedAt: SAVED_AT, contacts });
    }
  });

  test('keeps plain SIP URIs, non-canonical spellings, names in any script and old dates as written', () => {
    const key = newKeyPair().publicKey;
    const contacts: BackedUpContact[] = [
      { uri: 'sip:alice@example.com', displayName: 'Älice 🦊 — 東京', addedAt: '2001-02-03T04:05:06.789Z' },
      { uri: 'sip:+4930123456@192.0.2.7:5062;transport=tcp', displayName: '', addedAt: '1970-01-01T00:00:00.000Z' },
      { uri: addressOfRecord(key).toUpperCase().replace('SIP:', 'sip:'), displayName: 'shouting', addedAt: new Date(SAVED_AT).toISOString() },
      { uri: addressOfRecord(key), displayName: 'x'.repeat(64), addedAt: new Date(SAVED_AT).toISOString() },
    ];
    const decoded = decodeContactList(alice, encodeContactList(alice, { savedAt: SAVED_AT, contacts }));
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.snapshot.contacts, contacts);
  });

  test('keeps every record under the DHT limit: 10 contacts take one record, 100 take a head and chunks', () => {
    const ten = encodeContactList(alice, { savedAt: SAVED_AT, contacts: buddies(10) });
    const hundred = encodeContactList(alice, { savedAt: SAVED_AT, contacts: buddies(100) });
    assert.equal(ten.length, 1);
    assert.ok(hundred.length > 1);
    for (const record of [...ten, ...hundred]) assert.ok(record.length <= MAX_CONTACT_RECORD_BYTES);
    assert.deepEqual(decodeContactListHead(hundred[0] ?? Buffer.alloc(0)), { ok: true, head: { savedAt: SAVED_AT, recordCount: hundred.length } });
  });

  test('splits at the record limit: as a URI grows two bytes at a time, the list moves from one record to two, to three', () => {
    // Random text hardly deflates, so the sealed size grows with the URI.
    const base = buddies(14);
    const noise = randomBytes(1600).toString('base64url');
    const counts = new Set<number>();
    for (let extra = 0; extra < 2000; extra += 2) {
      const contacts = [...base, { uri: `sip:${noise.slice(0, 1 + extra)}@example.net`, displayName: '', addedAt: new Date(SAVED_AT).toISOString() }];
      const records = encodeContactList(alice, { savedAt: SAVED_AT, contacts });
      counts.add(records.length);
      for (const [index, record] of records.entries()) {
        assert.ok(record.length <= MAX_CONTACT_RECORD_BYTES, `record ${index} of ${records.length}: ${record.length} bytes`);
        if (index < records.length - 1) assert.equal(record.length, MAX_CONTACT_RECORD_BYTES, 'every record but the last is full');
      }
      const decoded = decodeContactList(alice, records);
      assert.ok(decoded.ok);
      assert.deepEqual(decoded.snapshot.contacts, contacts);
    }
    assert.deepEqual([...counts].sort(), [1, 2, 3]);
  });

  test('refuses to back up more than 500 contacts, or a list too large for 64 records', () => {
    assert.throws(() => encodeContactList(alice, { savedAt: SAVED_AT, contacts: buddies(MAX_BACKED_UP_CONTACTS + 1) }), (error: unknown) => error instanceof ContactListError && error.code === 'CONTACT_LIST_TOO_MANY');
    const longUris = Array.from({ length: MAX_BACKED_UP_CONTACTS }, () => ({
      uri: `sip:${randomBytes(96).toString('base64url')}@example.com`,
      displayName: randomBytes(48).toString('base64url'),
      addedAt: new Date(SAVED_AT).toISOString(),
    }));
    assert.throws(() => encodeContactList(alice, { savedAt: SAVED_AT, contacts: longUris }), (error: unknown) => error instanceof ContactListError && error.code === 'CONTACT_LIST_TOO_LARGE');
    const full = encodeContactList(alice, { savedAt: SAVED_AT, contacts: buddies(MAX_BACKED_UP_CONTACTS, (i) => `Buddy number ${i}`) });
    const decoded = decodeContactList(alice, full);
    assert.ok(decoded.ok && decoded.snapshot.contacts.length === MAX_BACKED_UP_CONTACTS, `500 buddies fit ${full.length} records`);
  });

  test('refuses every single changed byte in the head or a chunk', () => {
    const records = encodeContactList(alice, { savedAt: SAVED_AT, contacts: buddies(25) });
    assert.equal(records.length, 2);
    for (const [which, record] of records.entries()) {
      for (let at = 0; at < record.length; at++) {
        const tampered = records.map((r) => Buffer.from(r));
        const target = tampered[which] ?? Buffer.alloc(0);
        target.writeUInt8(target.readUInt8(at) ^ 0x01, at);
        const result = decodeContactList(alice, tampered);
        assert.equal(result.ok, false, `record ${which}, byte ${at}`);
      }
    }
    const lastPiece = records.map((r) => Buffer.from(r));
    const chunk = lastPiece[1] ?? Buffer.alloc(0);
    chunk.writeUInt8(chunk.readUInt8(chunk.length - 1) ^ 0x80, chunk.length - 1);
    assert.equal(decodeError(alice, lastPiece), 'CONTACT_LIST_DIGEST_MISMATCH');
  });

  test('cannot be opened with another identity’s keys', () => {
    const records = encodeContactList(alice, { savedAt: SAVED_AT, contacts: buddies(3) });
    assert.equal(decodeError(deriveContactListKeys(newKeyPair()), records), 'CONTACT_LIST_BAD_SEAL');
  });

  test('rejects a forged chunk, a forged list and a chunk of another snapshot', () => {
    const mallory = deriveContactListKeys(newKeyPair());
    const snapshot: ContactListSnapshot = { savedAt: SAVED_AT, contacts: buddies(80) };
    const ours = encodeContactList(alice, snapshot);
    const forged = encodeContactList(mallory, snapshot);
    assert.ok(ours.length >= 3 && forged.length === ours.length);
    assert.equal(decodeError(alice, [ours[0] ?? Buffer.alloc(0), ...forged.slice(1)]), 'CONTACT_LIST_DIGEST_MISMATCH', 'a chunk sealed by another key');
    assert.equal(decodeError(alice, forged), 'CONTACT_LIST_BAD_SEAL', 'a whole list with a consistent digest, but not our seal');
    const older = encodeContactList(alice, { savedAt: SAVED_AT - 1, contacts: snapshot.contacts });
    assert.equal(decodeError(alice, [ours[0] ?? Buffer.alloc(0), ...older.slice(1)]), 'CONTACT_LIST_CHUNK_MISMATCH');
    const [head, first, second, ...rest] = ours;
    assert.ok(head && first && second);
    assert.equal(decodeError(alice, [head, second, first, ...rest]), 'CONTACT_LIST_CHUNK_MISMATCH', 'chunks in the wrong slots');
  });

  test('says what is missing, and never throws for any input', () => {
    const records = encodeContactList(alice, { savedAt: SAVED_AT, contacts: buddies(40) });
    assert.equal(decodeError(alice, records.slice(0, -1)), 'CONTACT_LIST_TRUNCATED');
    assert.equal(decodeError(alice, [...records, records.at(-1) ?? Buffer.alloc(0)]), 'CONTACT_LIST_MALFORMED');
    assert.equal(decodeError(alice, []), 'CONTACT_LIST_TRUNCATED');
    assert.equal(decodeError(alice, [Buffer.alloc(0)]), 'CONTACT_LIST_TRUNCATED');
    assert.equal(decodeError(alice, [Buffer.alloc(MAX_CONTACT_RECORD_BYTES + 1, 1)]), 'CONTACT_LIST_OVERSIZED');
    assert.equal(decodeError(alice, [Buffer.of(2, 0, 0)]), 'CONTACT_LIST_UNSUPPORTED_VERSION');
    const head = Buffer.from(records[0] ?? Buffer.alloc(0));
    assert.equal(decodeError(alice, [head.subarray(0, 20)]), 'CONTACT_LIST_TRUNCATED');
    for (let i = 0; i < 500; i++) {
      const noise = generateSeed().subarray(0, 1 + (i % 32));
      const result = decodeContactList(alice, [Buffer.concat([Buffer.of(1), noise, Buffer.alloc(i)])]);
      assert.equal(result.ok, false);
    }
  });
});
