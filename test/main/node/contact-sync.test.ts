import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Contact } from '../../../src/shared/api-contract.js';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../../../src/main/identity/identity-key-pair.js';
import { ContactSync, type ContactSyncEvents } from '../../../src/main/node/contact-sync.js';
import { NodeContacts } from '../../../src/main/node/node-contacts.js';
import { deriveContactListKeys } from '../../../src/main/p2p/contact-list-keys.js';
import { ContactListStore } from '../../../src/main/p2p/contact-list-store.js';
import { installIdentity } from '../../../src/main/profile/identity-import.js';
import { Profile } from '../../../src/main/profile/profile.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { FakeDeviceDht } from '../p2p/fake-device-dht.js';

const HOUR = 3_600_000;
const ann: Contact = { uri: 'sip:ann@example.com', displayName: 'Ann', addedAt: '2025-10-09T08:00:00.000Z' };
const bob: Contact = { uri: 'sip:bob@example.com', displayName: 'Bob', addedAt: '2025-10-09T08:01:00.000Z' };
const cat: Contact = { uri: 'sip:cat@example.com', displayName: 'Cat', addedAt: '2025-10-09T08:02:00.000Z' };
const dan: Contact = { uri: 'sip:dan@example.com', displayName: 'Dan', addedAt: '2025-10-09T08:03:00.000Z' };

interface Device {
  readonly dataDir: string;
  readonly contacts: NodeContacts;
  readonly sync: ContactSync;
  /** Every contactsChanged, as the UI would receive it. */
  readonly announced: Contact[][];
}

/** One DHT, one clock, one identity: the devices a test makes are devices of that identity. */
class World {
  readonly dht = new FakeDeviceDht();
  readonly clock = new FakeClock();
  readonly identity: KeyPair = keyPairFromSeed(generateSeed());
  wall = 1_760_000_000_000;
  readonly #devices: Device[] = [];

  /** A device of the identity; given `dataDir`, the same device started again. */
  async device(dataDir?: string): Promise<Device> {
    dataDir ??= await tempDir('parley-contact-sync');
    assert.ok((await installIdentity(dataDir, this.identity)).ok);
    const profile = await Profile.open(dataDir);
    const announced: Contact[][] = [];
    const contacts = new NodeContacts(profile, { refresh: async () => undefined }, (list) => announced.push(list));
    const store = new ContactListStore(this.dht, deriveContactListKeys(this.identity));
    const sync = new ContactSync({ store, contacts, dataDir, clock: this.clock, wallClock: () => this.wall, random: () => 0.5 });
    const device = { dataDir, contacts, sync, announced };
    this.#devices.push(device);
    return device;
  }

  /** A device that added `contacts` and has backed them up. */
  async backedUp(...contacts: Contact[]): Promise<Device> {
    const device = await this.device();
    for (const contact of contacts) await add(device, contact);
    await started(device);
    return device;
  }

  /** Fires the debounce timer of a local change and waits for that round. */
  async afterDebounce(device: Device): Promise<ContactSyncEvents['synced']> {
    const synced = next(device.sync, 'synced');
    this.clock.advance(2_000);
    return synced;
  }

  /** Stops every device's sync, as a test ends. */
  stop(): void {
    for (const device of this.#devices) device.sync.stop();
  }
}

function next<E extends keyof ContactSyncEvents & string>(sync: ContactSync, name: E): Promise<ContactSyncEvents[E]> {
  return new Promise((resolve) => {
    const off = sync.on(name, (payload) => {
      off();
      resolve(payload);
    });
  });
}

type RoundEnd = 'synced' | 'syncFailed';

/** Starts a device's sync and waits for how its first round ends. */
async function started<E extends RoundEnd = 'synced'>(device: Device, end: E = 'synced' as E): Promise<ContactSyncEvents[E]> {
  const ended = next(device.sync, end);
  device.sync.start();
  return ended;
}

/** Asks a running sync to read the DHT now and waits for how that round ends. */
async function syncedNow<E extends RoundEnd = 'synced'>(device: Device, end: E = 'synced' as E): Promise<ContactSyncEvents[E]> {
  const ended = next(device.sync, end);
  await device.sync.syncNow();
  return ended;
}

const add = (device: Device, contact: Contact): Promise<Contact[]> => device.contacts.change((current) => [...current, contact], 'local');
const names = (contacts: readonly Contact[]): string[] => contacts.map((contact) => contact.displayName);
/** A copy of every record's bytes the DHT holds now. */
const storedValues = (world: World): Buffer[] => [...world.dht.records.values()].map((record) => Buffer.from(record.value));

describe('the contact list backup, kept in step by each device', () => {
  test('a second device of the identity restores the list and announces it', async () => {
    const world = new World();
    const laptop = await world.device();
    assert.equal((await started(laptop)).outcome, 'nothing-to-back-up');
    await add(laptop, ann);
    await add(laptop, bob);
    const published = await world.afterDebounce(laptop);
    assert.equal(published.contacts, 2);

    const phone = await world.device();
    const restored = await started(phone);
    assert.equal(restored.outcome, 'restored');
    assert.deepEqual(phone.contacts.list(), [ann, bob]);
    assert.deepEqual(phone.announced, [[ann, bob]], 'one contactsChanged with the whole list');
    world.stop();
  });

  test('a rename and a removal on one device reach the other when it reads again', async () => {
    const world = new World();
    const laptop = await world.backedUp(ann, bob);
    const phone = await world.device();
    await started(phone);
    await phone.contacts.change((current) => current.filter((c) => c.uri !== bob.uri).map((c) => ({ ...c, displayName: 'Annie' })), 'local');
    world.wall += 60_000;
    assert.equal((await world.afterDebounce(phone)).outcome, 'local-newer');
    assert.equal((await syncedNow(laptop)).outcome, 'restored');
    assert.deepEqual(names(laptop.contacts.list()), ['Annie']);
    assert.deepEqual(names(laptop.announced.at(-1) ?? []), ['Annie']);
    world.stop();
  });

  test('edits made on both devices while apart are merged: nothing is lost', async () => {
    const world = new World();
    const laptop = await world.backedUp(ann);
    laptop.sync.stop();
    const phone = await world.device();
    await started(phone);
    await add(phone, dan);
    await world.afterDebounce(phone);
    await add(laptop, cat); // offline: not published
    const merged = await started(laptop);
    assert.equal(merged.outcome, 'merged');
    assert.deepEqual(names(laptop.contacts.list()), ['Ann', 'Dan', 'Cat']);
    await syncedNow(phone);
    assert.deepEqual(names(phone.contacts.list()), ['Ann', 'Dan', 'Cat']);
    world.stop();
  });

  test('a backup that cannot be read never replaces the local list; a change made here replaces it', async () => {
    const world = new World();
    const laptop = await world.backedUp(ann);
    for (const { value } of world.dht.records.values()) value.writeUInt8(value.readUInt8(value.length - 1) ^ 0xff, value.length - 1);
    assert.equal((await syncedNow(laptop, 'syncFailed')).code, 'CONTACT_LIST_DIGEST_MISMATCH');
    assert.deepEqual(laptop.contacts.list(), [ann]);
    assert.equal(laptop.announced.length, 1, 'only the local add was announced');

    const phone = await world.device();
    await started(phone, 'syncFailed');
    assert.deepEqual(phone.contacts.list(), [], 'a fresh device restores nothing from a damaged copy');

    await add(laptop, bob);
    assert.equal((await world.afterDebounce(laptop)).outcome, 'local-newer');
    assert.equal((await syncedNow(phone)).outcome, 'restored');
    assert.deepEqual(phone.contacts.list(), [ann, bob]);
    world.stop();
  });

  test('a failed publish is retried with a growing backoff until it succeeds', async () => {
    const world = new World();
    const put = world.dht.mutablePut.bind(world.dht);
    let failures = 2;
    world.dht.mutablePut = async (...args) => {
      if (failures-- > 0) throw new Error('Too few nodes responded');
      return put(...args);
    };
    const laptop = await world.device();
    await add(laptop, ann);
    const { code, retryInMs: firstDelay } = await started(laptop, 'syncFailed');
    assert.equal(code, 'CONTACT_LIST_DHT_FAILED');
    const second = next(laptop.sync, 'syncFailed');
    world.clock.advance(firstDelay ?? 0);
    const secondDelay = (await second).retryInMs ?? 0;
    assert.ok(firstDelay !== null && secondDelay > firstDelay, `backoff grows: ${firstDelay} ms, then ${secondDelay} ms`);
    const synced = next(laptop.sync, 'synced');
    world.clock.advance(secondDelay);
    assert.equal((await synced).contacts, 1);
    world.stop();
  });

  test('stores the same records again every 11–13 hours, so the 48-hour lifetime never lapses', async () => {
    const world = new World();
    const laptop = await world.device();
    await add(laptop, ann);
    const { savedAt } = await started(laptop);
    const puts = (): number => world.dht.calls.filter((call) => call.startsWith('put')).length;
    const before = puts();
    const values = storedValues(world);
    world.clock.advance(11 * HOUR);
    assert.equal(puts(), before, 'not before 11 hours');
    const refreshed = next(laptop.sync, 'synced');
    world.clock.advance(2 * HOUR);
    assert.equal((await refreshed).savedAt, savedAt, 'the same snapshot');
    assert.ok(puts() > before);
    assert.deepEqual(storedValues(world), values, 'the same bytes');
    world.stop();
    assert.equal(world.clock.pendingTimers, 0, 'stop leaves no timer');
  });

  test('a backup written by a newer Parley is left alone, even with changes here', async () => {
    const world = new World();
    const laptop = await world.backedUp(ann);
    for (const record of world.dht.records.values()) record.value[0] = 2;
    await add(laptop, bob);
    const failed = next(laptop.sync, 'syncFailed');
    world.clock.advance(2_000);
    assert.equal((await failed).code, 'CONTACT_LIST_UNSUPPORTED_VERSION');
    assert.ok([...world.dht.records.values()].every((record) => record.value[0] === 2));
    world.stop();
  });

  test('a fresh device that finds no backup keeps looking, and restores it once it appears', async () => {
    const world = new World();
    const phone = await world.device();
    assert.equal((await started(phone)).outcome, 'nothing-to-back-up');
    await world.backedUp(ann);
    const restored = next(phone.sync, 'synced');
    world.clock.advance(15_000);
    assert.equal((await restored).outcome, 'restored');
    assert.deepEqual(phone.contacts.list(), [ann]);
    world.stop();
  });

  test('a backup the DHT lost is stored again, byte for byte, from the profile after a restart', async () => {
    const world = new World();
    const laptop = await world.backedUp(ann);
    laptop.sync.stop();
    const values = storedValues(world);
    world.dht.records.clear();
    const restarted = await world.device(laptop.dataDir);
    assert.equal((await started(restarted)).outcome, 'in-step');
    assert.deepEqual(storedValues(world), values);
    world.stop();
  });

  test('a read that misses a newer backup does not overwrite it: the old snapshot is refused, and the newer one merged', async () => {
    const world = new World();
    const laptop = await world.backedUp(ann);
    laptop.sync.stop();
    const phone = await world.device();
    await started(phone);
    await add(phone, bob);
    world.wall += 60_000;
    await world.afterDebounce(phone);
    await add(laptop, cat); // made while apart
    const get = world.dht.mutableGet.bind(world.dht);
    let misses = 1;
    world.dht.mutableGet = async (...args) => (misses-- > 0 ? null : get(...args));
    assert.equal((await started(laptop, 'syncFailed')).code, 'CONTACT_LIST_SEQ_CONFLICT');
    const merged = next(laptop.sync, 'synced');
    world.clock.advance(15_000);
    assert.equal((await merged).outcome, 'merged');
    assert.deepEqual(names(laptop.contacts.list()), ['Ann', 'Bob', 'Cat']);
    world.stop();
  });
});
