import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import type { DeviceEntry } from '../../../src/main/p2p/device-list-record.js';
import { DeviceListKeeper } from '../../../src/main/p2p/device-list-keeper.js';
import { DeviceListStore } from '../../../src/main/p2p/device-list-store.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeDeviceDht } from './fake-device-dht.js';

const HOUR = 3_600_000;
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const newKeyPair = (): KeyPair => keyPairFromSeed(generateSeed());
const device = (name: string): DeviceEntry => ({ publicKey: newKeyPair().publicKey, name, addedAt: 1_760_000_000_000 });

describe('the device list keeper', () => {
  test('stores the list again every 5–7 hours, so it outlives the 48-hour record lifetime', async () => {
    const clock = new FakeClock();
    const dht = new FakeDeviceDht();
    const store = new DeviceListStore(dht);
    const identity = newKeyPair();
    await store.addDevice(identity, device('laptop'));
    const keeper = new DeviceListKeeper({ store, identity, clock, random: () => 0.5 });
    const refreshed: number[] = [];
    keeper.on('listRefreshed', () => refreshed.push(clock.now()));
    keeper.start();
    await settle();
    for (let hour = 0; hour < 48; hour++) {
      clock.advance(HOUR);
      await settle();
    }
    assert.deepEqual(refreshed, [0, 6, 12, 18, 24, 30, 36, 42, 48].map((h) => h * HOUR));
    assert.equal(keeper.lastKnown?.seq, 1);
    keeper.stop();
    assert.equal(clock.pendingTimers, 0);
  });

  test('republishes its last known list when the DHT has none, and retries in minutes when it cannot', async () => {
    const clock = new FakeClock();
    const identity = newKeyPair();
    const known = await new DeviceListStore(new FakeDeviceDht()).addDevice(identity, device('laptop'));
    assert.ok(known.ok);
    const empty = new FakeDeviceDht();
    const keeper = new DeviceListKeeper({ store: new DeviceListStore(empty), identity, clock, random: () => 0, lastKnown: known.list });
    keeper.start();
    await settle();
    const read = await new DeviceListStore(empty).read(identity.publicKey);
    assert.ok(read.ok && read.list.seq === 1);
    keeper.stop();

    const failures: number[] = [];
    const lost = new DeviceListKeeper({ store: new DeviceListStore(new FakeDeviceDht()), identity, clock, random: () => 0 });
    lost.on('refreshFailed', ({ code, retryInMs }) => {
      assert.equal(code, 'DEVICE_LIST_NOT_FOUND');
      failures.push(retryInMs);
    });
    lost.start();
    await settle();
    clock.advance(60_000);
    await settle();
    assert.deepEqual(failures, [60_000, 60_000]);
    lost.stop();
  });
});
