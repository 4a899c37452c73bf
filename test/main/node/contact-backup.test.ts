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
import { eventually } from '../../helpers/eventually.js';
import { command } from '../../helpers/node-api.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Issue 6: "a restored second device of Alice's identity shows her contacts", on a private DHT. */

const PASSPHRASE = 'correct horse battery';

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
    await command(laptop, 'addContact', { uri: bobUri, displayName: 'Bob' });
    await command(laptop, 'addContact', { uri: 'sip:carol@example.com', displayName: 'Carol' });
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
      const contacts = await command(phone, 'listContacts', {});
      return contacts.length === 2 ? contacts : undefined;
    });
    assert.deepEqual(restored, await command(laptop, 'listContacts', {}), 'the same contacts, names and dates');
    assert.ok(announced.some((list) => list.length === 2), 'the UI was told with contactsChanged');

    // A change on the phone is published, and the laptop sees it when it starts again.
    const phonePublished = synced(phone, (event) => event.contacts === 2 && event.outcome === 'local-newer');
    await command(phone, 'removeContact', { uri: 'sip:carol@example.com' });
    await command(phone, 'addContact', { uri: 'sip:dave@example.org', displayName: 'Dave' });
    await phonePublished;
    await stop(laptop);
    const laptopAgain = await start('alice-laptop');
    const seen = await eventually('the restarted laptop shows the phone’s change', async () => {
      const contacts = await command(laptopAgain, 'listContacts', {});
      return names(contacts).join() === 'Bob,Dave' ? contacts : undefined;
    });
    assert.deepEqual(names(seen), ['Bob', 'Dave']);
  });
});
