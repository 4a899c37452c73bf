// Tests src/main/profile/identity-import.ts (kept beside the identity tests while profile/ is edited elsewhere).
import assert from 'node:assert/strict';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { exportIdentityCode } from '../../../src/main/identity/identity-transfer-code.js';
import { loadOrCreateDevice } from '../../../src/main/profile/device-file.js';
import { IDENTITY_FILE, loadOrCreateIdentity } from '../../../src/main/profile/identity-file.js';
import { importIdentityIntoProfile } from '../../../src/main/profile/identity-import.js';
import { tempDir } from '../../helpers/temp-dir.js';

const passphrase = 'a passphrase of some length';

describe('importing an identity into a profile', () => {
  test('makes a fresh profile a second device of the identity, with its own device key', async () => {
    const first = await tempDir();
    const identity = (await loadOrCreateIdentity(first)).keyPair;
    const firstDevice = await loadOrCreateDevice(first);
    const code = await exportIdentityCode(identity, passphrase);

    const second = await tempDir();
    const outcome = await importIdentityIntoProfile(second, code, passphrase);
    assert.ok(outcome.ok);
    assert.equal(outcome.status, 'installed');
    assert.deepEqual((await loadOrCreateIdentity(second)).keyPair, identity, 'identity.json reads back as the imported identity');
    assert.equal((await stat(join(second, IDENTITY_FILE))).mode & 0o777, 0o600);
    const secondDevice = await loadOrCreateDevice(second);
    assert.notDeepEqual(secondDevice.keyPair.publicKey, firstDevice.keyPair.publicKey);
  });

  test('refuses a wrong passphrase and writes nothing', async () => {
    const identity = (await loadOrCreateIdentity(await tempDir())).keyPair;
    const code = await exportIdentityCode(identity, passphrase);
    const dir = await tempDir();
    const outcome = await importIdentityIntoProfile(dir, code, 'not the passphrase');
    assert.equal(!outcome.ok && outcome.error.code, 'IDENTITY_CODE_WRONG_PASSPHRASE');
    assert.deepEqual(await readdir(dir), []);
  });

  test('is a no-op on a profile that already has this identity', async () => {
    const dir = await tempDir();
    const identity = (await loadOrCreateIdentity(dir)).keyPair;
    const outcome = await importIdentityIntoProfile(dir, await exportIdentityCode(identity, passphrase), passphrase);
    assert.ok(outcome.ok);
    assert.equal(outcome.status, 'already-this-identity');
  });

  test('keeps another identity unless told to replace it, and then sets it aside', async () => {
    const dir = await tempDir();
    const own = (await loadOrCreateIdentity(dir)).keyPair;
    const other = (await loadOrCreateIdentity(await tempDir())).keyPair;
    const code = await exportIdentityCode(other, passphrase);

    const refused = await importIdentityIntoProfile(dir, code, passphrase);
    assert.equal(!refused.ok && refused.error.code, 'PROFILE_HAS_OTHER_IDENTITY');
    assert.deepEqual((await loadOrCreateIdentity(dir)).keyPair, own);

    const now = new Date('2026-03-04T05:06:07.089Z');
    const replaced = await importIdentityIntoProfile(dir, code, passphrase, { replace: true, now });
    assert.ok(replaced.ok);
    assert.equal(replaced.movedAsidePath, join(dir, 'identity.json.replaced-2026-03-04T05-06-07-089Z'));
    assert.deepEqual((await loadOrCreateIdentity(dir)).keyPair, other);
  });

  test('will not write over a damaged identity file unless told to', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, IDENTITY_FILE), 'garbage', { mode: 0o600 });
    const other = (await loadOrCreateIdentity(await tempDir())).keyPair;
    const code = await exportIdentityCode(other, passphrase);
    const refused = await importIdentityIntoProfile(dir, code, passphrase);
    assert.equal(!refused.ok && refused.error.code, 'PROFILE_IDENTITY_CORRUPT');
    const replaced = await importIdentityIntoProfile(dir, code, passphrase, { replace: true });
    assert.ok(replaced.ok);
    assert.deepEqual((await loadOrCreateIdentity(dir)).keyPair, other);
  });
});
