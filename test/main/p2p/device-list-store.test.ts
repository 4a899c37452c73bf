import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import { encodeDeviceList, type DeviceEntry } from '../../../src/main/p2p/device-list-record.js';
import { DeviceListStore } from '../../../src/main/p2p/device-list-store.js';
import { FakeDeviceDht } from './fake-device-dht.js';

const newKeyPair = (): KeyPair => keyPairFromSeed(generateSeed());
const device = (name: string): DeviceEntry => ({ publicKey: newKeyPair().publicKey, name, addedAt: 1_760_000_000_000 });
const names = (devices: readonly DeviceEntry[]): string[] => devices.map((d) => d.name);

describe('the device list store', () => {
  test('publishes, confirms and reads back the list', async () => {
    const dht = new FakeDeviceDht();
    const store = new DeviceListStore(dht);
    const identity = newKeyPair();
    const published = await store.publish(identity, { seq: 1, devices: [device('laptop')] });
    assert.ok(published.ok && published.changed);
    const read = await store.read(identity.publicKey);
    assert.ok(read.ok);
    assert.deepEqual(names(read.list.devices), ['laptop']);
    assert.deepEqual(dht.calls, ['put 1', 'get', 'get']);
  });

  test('says when the identity has no list', async () => {
    const read = await new DeviceListStore(new FakeDeviceDht()).read(newKeyPair().publicKey);
    assert.equal(!read.ok && read.error.code, 'DEVICE_LIST_NOT_FOUND');
  });

  test('detects an old-seq put that the DHT dropped without a word', async () => {
    const store = new DeviceListStore(new FakeDeviceDht());
    const identity = newKeyPair();
    assert.ok((await store.publish(identity, { seq: 5, devices: [device('a')] })).ok);
    const stale = await store.publish(identity, { seq: 4, devices: [device('b')] });
    assert.equal(!stale.ok && stale.error.code, 'DEVICE_LIST_SEQ_CONFLICT');
    assert.equal(!stale.ok && stale.error.storedSeq, 5);
    const reused = await store.publish(identity, { seq: 5, devices: [device('c')] });
    assert.equal(!reused.ok && reused.error.code, 'DEVICE_LIST_SEQ_CONFLICT', 'same seq, other content');
  });

  test('refuses a record whose seq disagrees with the list inside it', async () => {
    const dht = new FakeDeviceDht();
    const identity = newKeyPair();
    await dht.mutablePut(identity, encodeDeviceList(identity, { seq: 2, devices: [] }), { seq: 3 });
    const read = await new DeviceListStore(dht).read(identity.publicKey);
    assert.equal(!read.ok && read.error.code, 'DEVICE_LIST_SEQ_MISMATCH');
  });

  test('adds a device as seq + 1, and adding it again publishes nothing', async () => {
    const dht = new FakeDeviceDht();
    const store = new DeviceListStore(dht);
    const identity = newKeyPair();
    const laptop = device('laptop');
    const phone = device('phone');
    const first = await store.addDevice(identity, laptop);
    assert.ok(first.ok && first.list.seq === 1);
    const second = await store.addDevice(identity, phone);
    assert.ok(second.ok && second.list.seq === 2);
    assert.deepEqual(names(second.list.devices), ['laptop', 'phone']);
    const puts = dht.calls.filter((c) => c.startsWith('put')).length;
    const again = await store.addDevice(identity, phone);
    assert.ok(again.ok && !again.changed && again.list.seq === 2);
    assert.equal(dht.calls.filter((c) => c.startsWith('put')).length, puts);
    const renamed = await store.addDevice(identity, { ...phone, name: 'desk phone' });
    assert.ok(renamed.ok);
    assert.deepEqual(names(renamed.list.devices), ['laptop', 'desk phone']);
    const removed = await store.removeDevice(identity, laptop.publicKey);
    assert.ok(removed.ok && removed.list.seq === 4);
    assert.deepEqual(names(removed.list.devices), ['desk phone']);
  });

  test('starts again from the winner when another device published in between', async () => {
    const dht = new FakeDeviceDht();
    const store = new DeviceListStore(dht);
    const identity = newKeyPair();
    await store.addDevice(identity, device('laptop'));
    const phone = device('phone');
    // The other device wins the race for seq 2 after our read of seq 1.
    let raced = false;
    const result = await store.update(identity, (current) => {
      if (!raced) {
        raced = true;
        const other = device('tablet');
        void dht.mutablePut(identity, encodeDeviceList(identity, { seq: 2, devices: [...(current?.devices ?? []), other] }), { seq: 2 });
      }
      return [...(current?.devices ?? []), phone];
    });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
    assert.equal(result.list.seq, 3);
    assert.deepEqual(names(result.list.devices), ['laptop', 'tablet', 'phone']);
  });

  test('republishes the last list it knew when the DHT lost it, not a list of one device', async () => {
    const identity = newKeyPair();
    const before = new DeviceListStore(new FakeDeviceDht());
    const known = await before.addDevice(identity, device('laptop'));
    assert.ok(known.ok);
    const afterExpiry = new DeviceListStore(new FakeDeviceDht());
    const joined = await afterExpiry.addDevice(identity, device('phone'), { lastKnown: known.list });
    assert.ok(joined.ok);
    assert.deepEqual(names(joined.list.devices), ['laptop', 'phone']);
    assert.equal(joined.list.seq, 2);
  });
});

describe('the device list store at the size limit', () => {
  test('returns a list that would not fit as a value, and leaves the stored one alone', async () => {
    const store = new DeviceListStore(new FakeDeviceDht());
    const identity = newKeyPair();
    const longName = (i: number): string => `device ${i} `.padEnd(32, 'x');
    for (let i = 0; i < 11; i++) assert.ok((await store.addDevice(identity, device(longName(i)))).ok);
    const twelfth = await store.addDevice(identity, device(longName(11)));
    assert.equal(!twelfth.ok && twelfth.error.code, 'DEVICE_LIST_TOO_LARGE');
    const read = await store.read(identity.publicKey);
    assert.ok(read.ok && read.list.devices.length === 11 && read.list.seq === 11);
  });
});
