import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressOfRecord } from '../../../src/main/identity/address-of-record.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { deriveContactListKeys } from '../../../src/main/p2p/contact-list-keys.js';
import { encodeContactList, type BackedUpContact } from '../../../src/main/p2p/contact-list-record.js';
import { ContactListStore } from '../../../src/main/p2p/contact-list-store.js';
import { FakeDeviceDht } from './fake-device-dht.js';

const SAVED_AT = 1_760_000_000_000;

function buddies(count: number): BackedUpContact[] {
  return Array.from({ length: count }, (_, i) => ({ uri: addressOfRecord(keyPairFromSeed(generateSeed()).publicKey), displayName: `Buddy ${i}`, addedAt: new Date(SAVED_AT).toISOString() }));
}

function setUp(): { dht: FakeDeviceDht; keys: ReturnType<typeof deriveContactListKeys>; store: ContactListStore } {
  const dht = new FakeDeviceDht();
  const keys = deriveContactListKeys(keyPairFromSeed(generateSeed()));
  return { dht, keys, store: new ContactListStore(dht, keys) };
}

describe('the contact list store', () => {
  test('publishes every record at seq = savedAt, confirms them, and reads the list back', async () => {
    const { dht, store } = setUp();
    const contacts = buddies(60);
    const published = await store.publish({ savedAt: SAVED_AT, contacts });
    assert.ok(published.ok);
    assert.ok(published.list.records.length > 1);
    assert.ok([...dht.records.values()].every((record) => record.seq === SAVED_AT));
    assert.equal(dht.records.size, published.list.records.length);
    const read = await store.read();
    assert.ok(read.ok);
    assert.deepEqual(read.list.snapshot, { savedAt: SAVED_AT, contacts });
  });

  test('says when there is no backup', async () => {
    const read = await setUp().store.read();
    assert.equal(!read.ok && read.error.code, 'CONTACT_LIST_NOT_FOUND');
  });

  test('detects a publish with an older savedAt that the nodes dropped without a word', async () => {
    const { store } = setUp();
    assert.ok((await store.publish({ savedAt: SAVED_AT, contacts: buddies(2) })).ok);
    const stale = await store.publish({ savedAt: SAVED_AT - 1, contacts: buddies(1) });
    assert.equal(!stale.ok && stale.error.code, 'CONTACT_LIST_SEQ_CONFLICT');
    assert.equal(!stale.ok && stale.error.storedSeq, SAVED_AT);
    const read = await store.read();
    assert.ok(read.ok && read.list.snapshot.contacts.length === 2, 'the newer list stays');
  });

  test('stores the same records again to keep them alive', async () => {
    const { dht, store } = setUp();
    const published = await store.publish({ savedAt: SAVED_AT, contacts: buddies(30) });
    assert.ok(published.ok);
    const before = dht.calls.length;
    const again = await store.republish(published.list);
    assert.ok(again.ok);
    assert.equal(dht.calls.slice(before).filter((call) => call === `put ${SAVED_AT}`).length, published.list.records.length);
  });

  test('refuses a head whose chunks belong to a publish still under way, or are gone', async () => {
    const { dht, keys, store } = setUp();
    const contacts = buddies(60);
    assert.ok((await store.publish({ savedAt: SAVED_AT, contacts })).ok);
    // Another device has stored chunk 1 of its newer snapshot, not yet the head.
    const newer = encodeContactList(keys, { savedAt: SAVED_AT + 5, contacts });
    await dht.mutablePut(keys.recordKeyPair(1), newer[1] ?? Buffer.alloc(0), { seq: SAVED_AT + 5 });
    const mid = await store.read();
    assert.equal(!mid.ok && mid.error.code, 'CONTACT_LIST_CHUNK_MISMATCH');
    dht.records.delete(keys.recordKeyPair(1).publicKey.toString('hex'));
    const gone = await store.read();
    assert.equal(!gone.ok && gone.error.code, 'CONTACT_LIST_CHUNK_MISSING');
  });

  test('refuses a head whose record seq disagrees with its savedAt', async () => {
    const { dht, keys, store } = setUp();
    const [head] = encodeContactList(keys, { savedAt: SAVED_AT, contacts: buddies(1) });
    await dht.mutablePut(keys.recordKeyPair(0), head ?? Buffer.alloc(0), { seq: SAVED_AT + 1 });
    const read = await store.read();
    assert.equal(!read.ok && read.error.code, 'CONTACT_LIST_SEQ_MISMATCH');
  });

  test('returns a list too long to back up as a value, and a DHT failure too', async () => {
    const { dht, store } = setUp();
    const tooMany = await store.publish({ savedAt: SAVED_AT, contacts: buddies(501) });
    assert.equal(!tooMany.ok && tooMany.error.code, 'CONTACT_LIST_TOO_MANY');
    assert.equal(dht.calls.length, 0, 'nothing was put');
    dht.mutableGet = () => Promise.reject(new Error('Too few nodes responded'));
    const read = await store.read();
    assert.equal(!read.ok && read.error.code, 'CONTACT_LIST_DHT_FAILED');
  });
});
