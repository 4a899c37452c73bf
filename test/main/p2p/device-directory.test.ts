import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import { DeviceDirectory } from '../../../src/main/p2p/device-directory.js';
import { DeviceListStore } from '../../../src/main/p2p/device-list-store.js';
import { deviceTopic } from '../../../src/main/p2p/device-topic.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeDeviceDht } from './fake-device-dht.js';

const newKeyPair = (): KeyPair => keyPairFromSeed(generateSeed());

async function setUp() {
  const clock = new FakeClock();
  const dht = new FakeDeviceDht();
  const identity = newKeyPair();
  const laptop = newKeyPair();
  const phone = newKeyPair();
  const store = new DeviceListStore(dht);
  await store.addDevice(identity, { publicKey: laptop.publicKey, name: 'laptop', addedAt: 1 });
  await store.addDevice(identity, { publicKey: phone.publicKey, name: 'phone', addedAt: 2 });
  const topic = deviceTopic(identity.publicKey);
  const directory = new DeviceDirectory({ dht, clock, cacheTtlMs: 30_000 });
  return { clock, dht, identity, laptop, phone, topic, directory };
}

describe('the device directory', () => {
  test('returns the announced devices the list names, with their names, and drops the rest', async () => {
    const { dht, identity, laptop, topic, directory } = await setUp();
    await dht.announce(topic, laptop, [{ host: '127.0.0.1', port: 4000 }]).finished();
    await dht.announce(topic, newKeyPair()).finished(); // announced, but in no list
    const found = await directory.lookup(identity.publicKey);
    assert.ok(found.ok);
    assert.deepEqual(
      found.devices.map((d) => [d.name, d.relayAddresses]),
      [['laptop', [{ host: '127.0.0.1', port: 4000 }]]],
    );
    assert.equal(found.stats.announced, 2);
    assert.equal(found.stats.dropped, 1);
    assert.equal(found.stats.cached, false);
  });

  test('answers from its cache until the TTL passes, or when told to look again', async () => {
    const { clock, dht, identity, laptop, phone, topic, directory } = await setUp();
    await dht.announce(topic, laptop).finished();
    assert.equal((await directory.lookup(identity.publicKey)).ok, true);
    await dht.announce(topic, phone).finished();
    clock.advance(29_999);
    const cached = await directory.lookup(identity.publicKey);
    assert.ok(cached.ok && cached.stats.cached);
    assert.equal(cached.devices.length, 1);
    assert.equal(dht.calls.filter((c) => c === 'lookup').length, 1);
    const fresh = await directory.lookup(identity.publicKey, { fresh: true });
    assert.ok(fresh.ok && !fresh.stats.cached && fresh.devices.length === 2);
    await dht.unannounce(topic, phone);
    clock.advance(30_000);
    const expired = await directory.lookup(identity.publicKey);
    assert.ok(expired.ok && !expired.stats.cached);
    assert.equal(expired.devices.length, 1);
    directory.forget(identity.publicKey);
    assert.equal((await directory.lookup(identity.publicKey)).ok && dht.calls.filter((c) => c === 'lookup').length, 4);
  });

  test('shares one DHT query between lookups of the same identity at the same time', async () => {
    const { dht, identity, directory } = await setUp();
    await Promise.all([directory.lookup(identity.publicKey), directory.lookup(identity.publicKey)]);
    assert.equal(dht.calls.filter((c) => c === 'lookup').length, 1);
  });

  test('finds nothing for an identity without a device list, even if keys are announced on its topic', async () => {
    const dht = new FakeDeviceDht();
    const stranger = newKeyPair();
    await dht.announce(deviceTopic(stranger.publicKey), newKeyPair()).finished();
    const found = await new DeviceDirectory({ dht, clock: new FakeClock() }).lookup(stranger.publicKey);
    assert.equal(!found.ok && found.error.code, 'DEVICE_LIST_NOT_FOUND');
  });
});

describe('the device topic', () => {
  test('is a domain-separated hash of the identity key: fixed, 32 bytes, and not the key itself', () => {
    const identity = newKeyPair();
    const topic = deviceTopic(identity.publicKey);
    assert.equal(topic.length, 32);
    assert.deepEqual(deviceTopic(identity.publicKey), topic);
    assert.notDeepEqual(topic, identity.publicKey);
    assert.notDeepEqual(deviceTopic(newKeyPair().publicKey), topic);
    assert.throws(() => deviceTopic(Buffer.alloc(31)), RangeError);
  });
});
