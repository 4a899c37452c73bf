import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import HyperDHT from 'hyperdht';
import { systemClock } from '../../../src/main/clock.js';
import { MAX_DEVICE_NAME_BYTES } from '../../../src/main/identity/device-name.js';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import { exportIdentityCode } from '../../../src/main/identity/identity-transfer-code.js';
import { DeviceDirectory } from '../../../src/main/p2p/device-directory.js';
import { encodedDeviceListBytes, MAX_DEVICE_LIST_BYTES, type DeviceEntry } from '../../../src/main/p2p/device-list-record.js';
import { DeviceListStore } from '../../../src/main/p2p/device-list-store.js';
import { deviceTopic } from '../../../src/main/p2p/device-topic.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { Registration, type RegistrationState } from '../../../src/main/p2p/registration.js';
import { loadOrCreateDevice, type DeviceLoad } from '../../../src/main/profile/device-file.js';
import { loadOrCreateIdentity } from '../../../src/main/profile/identity-file.js';
import { importIdentityIntoProfile } from '../../../src/main/profile/identity-import.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Each step on the 20-node loopback testnet takes milliseconds; these bound a hang. */
const STEP_TIMEOUT = 15_000;

function registered(registration: Registration): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (state: RegistrationState): void => {
      if (state === 'registered') resolve();
      else if (state === 'retrying') reject(new Error('the announce failed'));
    };
    registration.on('stateChanged', ({ state }) => settle(state));
  });
}

const entryOf = (device: DeviceLoad, addedAt: number): DeviceEntry => ({ publicKey: device.keyPair.publicKey, name: device.name, addedAt });
const sortedNames = (devices: readonly { name: string }[]): string[] => devices.map((d) => d.name).sort();

describe('devices of one identity on a local DHT testnet', () => {
  let network: PrivateNetwork;
  const nodes: HyperDHT[] = [];
  const registrations: Registration[] = [];
  /** A DHT node of its own for each party, as on separate machines. */
  async function node(keyPair?: KeyPair): Promise<HyperDHT> {
    const dht = new HyperDHT({ bootstrap: [network.bootstrap], host: '127.0.0.1', ...(keyPair ? { keyPair } : {}) });
    nodes.push(dht);
    await dht.fullyBootstrapped();
    return dht;
  }

  let identity: KeyPair;
  let laptop: DeviceLoad;
  let phone: DeviceLoad;
  let phoneIdentity: KeyPair;
  let laptopNode: HyperDHT;
  let phoneNode: HyperDHT;
  let callerNode: HyperDHT;

  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 19 });
    const laptopDir = await tempDir();
    identity = (await loadOrCreateIdentity(laptopDir)).keyPair;
    laptop = await loadOrCreateDevice(laptopDir, { name: 'laptop' });
    const phoneDir = await tempDir();
    phone = await loadOrCreateDevice(phoneDir, { name: 'phone' });
    const imported = await importIdentityIntoProfile(phoneDir, await exportIdentityCode(identity, 'move me to the phone'), 'move me to the phone');
    assert.ok(imported.ok, 'the phone imports the identity');
    phoneIdentity = (await loadOrCreateIdentity(phoneDir)).keyPair;
    laptopNode = await node(laptop.keyPair);
    phoneNode = await node(phone.keyPair);
    callerNode = await node();
  });

  after(async () => {
    await Promise.allSettled(registrations.map((r) => r.stop()));
    for (const dht of nodes.reverse()) await dht.destroy({ force: true });
    await network?.close();
  });

  test('the first device publishes the list and anyone reads it back, verified', { timeout: STEP_TIMEOUT }, async () => {
    const published = await new DeviceListStore(laptopNode).addDevice(identity, entryOf(laptop, Date.now()));
    assert.ok(published.ok, JSON.stringify(!published.ok && published.error));
    assert.equal(published.list.seq, 1);
    const read = await new DeviceListStore(callerNode).read(identity.publicKey);
    assert.ok(read.ok, JSON.stringify(!read.ok && read.error));
    assert.deepEqual(sortedNames(read.list.devices), ['laptop']);
  });

  test('a second device with the imported identity adds itself as seq 2', { timeout: STEP_TIMEOUT }, async () => {
    assert.deepEqual(phoneIdentity, identity, 'the phone holds the identity it imported');
    const joined = await new DeviceListStore(phoneNode).addDevice(phoneIdentity, entryOf(phone, Date.now()));
    assert.ok(joined.ok, JSON.stringify(!joined.ok && joined.error));
    assert.equal(joined.list.seq, 2);
    const read = await new DeviceListStore(callerNode).read(identity.publicKey);
    assert.ok(read.ok);
    assert.deepEqual(sortedNames(read.list.devices), ['laptop', 'phone']);
  });

  test('a put with an old seq is ignored by the DHT and caught by the confirm step', { timeout: STEP_TIMEOUT }, async () => {
    const stale = await new DeviceListStore(laptopNode).publish(identity, { seq: 1, devices: [entryOf(laptop, 1)] });
    assert.equal(!stale.ok && stale.error.code, 'DEVICE_LIST_SEQ_CONFLICT');
    assert.equal(!stale.ok && stale.error.storedSeq, 2);
    const read = await new DeviceListStore(callerNode).read(identity.publicKey);
    assert.ok(read.ok && read.list.seq === 2, 'the list is unchanged');
  });

  test('both devices announce and a lookup finds both; a forged device on the topic is dropped', { timeout: STEP_TIMEOUT }, async () => {
    for (const [device, dht] of [[laptop, laptopNode], [phone, phoneNode]] as const) {
      const registration = new Registration({ dht, identityPublicKey: identity.publicKey, deviceKeyPair: device.keyPair, clock: new FakeClock() });
      registrations.push(registration);
      const done = registered(registration);
      registration.start();
      await done;
    }
    // Mallory announces her own key on Alice's topic, and even lists it in a list she signed herself.
    const mallory = keyPairFromSeed(generateSeed());
    const forged = keyPairFromSeed(generateSeed());
    const forgerNode = await node(forged);
    await forgerNode.announce(deviceTopic(identity.publicKey), forged).finished();
    const malloryList = await new DeviceListStore(forgerNode).addDevice(mallory, { publicKey: forged.publicKey, name: 'laptop', addedAt: 1 });
    assert.ok(malloryList.ok, 'Mallory can publish a list for her own identity');

    const found = await new DeviceDirectory({ dht: callerNode, clock: systemClock }).lookup(identity.publicKey);
    assert.ok(found.ok, JSON.stringify(!found.ok && found.error));
    assert.deepEqual(sortedNames(found.devices), ['laptop', 'phone']);
    assert.ok(!found.devices.some((d) => d.publicKey.equals(forged.publicKey)), 'the forged device is not returned');
    assert.equal(found.stats.announced, 3);
    assert.equal(found.stats.dropped, 1);
    assert.ok(found.stats.repliesWithPeers >= 1);
    console.log(`lookup: ${found.stats.elapsedMs.toFixed(1)} ms, first announcement after ${found.stats.firstAnnouncementMs?.toFixed(1)} ms, ${found.stats.repliesWithPeers} nodes answered with peers`);
  });

  test('a device that stops is unannounced and no longer found', { timeout: STEP_TIMEOUT }, async () => {
    const phoneRegistration = registrations[1];
    assert.ok(phoneRegistration);
    assert.equal(await phoneRegistration.stop(), true);
    const found = await new DeviceDirectory({ dht: callerNode, clock: systemClock }).lookup(identity.publicKey);
    assert.ok(found.ok);
    assert.deepEqual(sortedNames(found.devices), ['laptop']);
  });

  test('a list at the size limit is stored and read back whole', { timeout: STEP_TIMEOUT }, async () => {
    const big = keyPairFromSeed(generateSeed());
    const devices: DeviceEntry[] = [];
    for (let i = 0; ; i++) {
      const next = { publicKey: keyPairFromSeed(generateSeed()).publicKey, name: `device ${i} `.padEnd(MAX_DEVICE_NAME_BYTES, 'x'), addedAt: i };
      if (encodedDeviceListBytes([...devices, next]) > MAX_DEVICE_LIST_BYTES) break;
      devices.push(next);
    }
    const published = await new DeviceListStore(laptopNode).publish(big, { seq: 1, devices });
    assert.ok(published.ok, JSON.stringify(!published.ok && published.error));
    const read = await new DeviceListStore(callerNode).read(big.publicKey);
    assert.ok(read.ok);
    assert.equal(read.list.devices.length, devices.length);
    console.log(`${devices.length} devices in ${encodedDeviceListBytes(devices)} bytes`);
  });
});
