import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Contact } from '../../../src/shared/api-contract.js';
import { addressOfRecord } from '../../../src/main/identity/address-of-record.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { exportIdentityCode } from '../../../src/main/identity/identity-transfer-code.js';
import type { ContactSyncEvents } from '../../../src/main/node/contact-sync.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { importIdentityIntoProfile } from '../../../src/main/profile/identity-import.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Issue 6: "a restored second device of Alice's identity shows her contacts", on a private DHT. */

const PASSPHRASE = 'correct horse battery';

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The next `synced` of a node's contact sync that matches, or a failure after `ms`. */
function synced(node: ParleyNode, match: (event: ContactSyncEvents['synced']) => boolean, ms = 30_000): Promise<ContactSyncEvents['synced']> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`no matching contact sync within ${ms} ms`))), ms);
    const off = node.contactSync.on('synced', (event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

async function contactsOf(node: ParleyNode): Promise<Contact[]> {
  const result = await node.api.dispatch('listContacts', {});
  assert.ok(result.ok);
  return result.value as Contact[];
}

async function addContact(node: ParleyNode, uri: string, displayName: string): Promise<void> {
  const result = await node.api.dispatch('addContact', { uri, displayName });
  assert.ok(result.ok, JSON.stringify(result));
}

const names = (contacts: readonly Contact[]): string[] => contacts.map((contact) => contact.displayName).sort();

describe('the contact list backup on a private DHT', () => {
  let network: PrivateNetwork;
  let dir = '';
  const running = new Set<ParleyNode>();
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 8 });
    dir = await tempDir('parley-contact-backup');
  });
  after(async () => {
    await Promise.all([...running].map((node) => node.close()));
    await network?.close();
  });

  async function start(name: string): Promise<ParleyNode> {
    const node = await ParleyNode.start({ dataDir: join(dir, name), bootstrap: [network.bootstrap], shell: 'browser', lan: false });
    running.add(node);
    return node;
  }

  async function stop(node: ParleyNode): Promise<void> {
    running.delete(node);
    await node.close();
  }

  test('a second device of Alice’s identity restores her contacts and announces them; its changes reach the first device', { timeout: 120_000 }, async () => {
    const bobUri = addressOfRecord(keyPairFromSeed(generateSeed()).publicKey);
    const laptop = await start('alice-laptop');
    const backedUp = synced(laptop, (event) => event.contacts === 2);
    await addContact(laptop, bobUri, 'Bob');
    await addContact(laptop, 'sip:carol@example.com', 'Carol');
    await backedUp;

    // The phone gets the identity the way `parley identity import` gives it.
    const code = await exportIdentityCode(laptop.profile.identity, PASSPHRASE);
    const imported = await importIdentityIntoProfile(join(dir, 'alice-phone'), code, PASSPHRASE);
    assert.ok(imported.ok);
    const phone = await start('alice-phone');
    assert.equal(phone.uri, laptop.uri);
    const announced: Contact[][] = [];
    phone.api.onEvent((name, payload) => {
      if (name === 'contactsChanged') announced.push(payload as Contact[]);
    });
    const restored = await eventually('the phone lists Alice’s two contacts', async () => {
      const contacts = await contactsOf(phone);
      return contacts.length === 2 ? contacts : undefined;
    });
    assert.deepEqual(restored, await contactsOf(laptop), 'the same contacts, names and dates');
    assert.ok(announced.some((list) => list.length === 2), 'the UI was told with contactsChanged');

    // A change on the phone is published, and the laptop sees it when it starts again.
    const phonePublished = synced(phone, (event) => event.contacts === 2 && event.outcome === 'local-newer');
    const removed = await phone.api.dispatch('removeContact', { uri: 'sip:carol@example.com' });
    assert.ok(removed.ok);
    await addContact(phone, 'sip:dave@example.org', 'Dave');
    await phonePublished;
    await stop(laptop);
    const laptopAgain = await start('alice-laptop');
    const seen = await eventually('the restarted laptop shows the phone’s change', async () => {
      const contacts = await contactsOf(laptopAgain);
      return names(contacts).join() === 'Bob,Dave' ? contacts : undefined;
    });
    assert.deepEqual(names(seen), ['Bob', 'Dave']);
  });
});
