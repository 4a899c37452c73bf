// Tests src/main/profile/device-file.ts (kept beside the identity tests while profile/ is edited elsewhere).
import assert from 'node:assert/strict';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isDeviceName } from '../../../src/main/identity/device-name.js';
import { DEVICE_FILE, DeviceFileError, loadOrCreateDevice } from '../../../src/main/profile/device-file.js';
import { loadOrCreateIdentity } from '../../../src/main/profile/identity-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const isCorrupt = (pattern: RegExp) => (error: unknown) =>
  error instanceof DeviceFileError && error.code === 'PROFILE_DEVICE_CORRUPT' && pattern.test(error.message);

describe('the device file', () => {
  test('is created on first run, readable by its owner only, with a key apart from the identity', async () => {
    const dir = await tempDir();
    const identity = await loadOrCreateIdentity(dir);
    const device = await loadOrCreateDevice(dir, { name: 'kitchen\tphone' });
    assert.equal(device.created, true);
    assert.equal(device.name, 'kitchen phone');
    assert.equal((await stat(join(dir, DEVICE_FILE))).mode & 0o777, 0o600);
    assert.notDeepEqual(device.keyPair.publicKey, identity.keyPair.publicKey);
  });

  test('keeps the same key and name when reopened', async () => {
    const dir = await tempDir();
    const first = await loadOrCreateDevice(dir, { name: 'laptop' });
    const again = await loadOrCreateDevice(dir, { name: 'ignored' });
    assert.equal(again.created, false);
    assert.deepEqual(again.keyPair, first.keyPair);
    assert.equal(again.name, 'laptop');
  });

  test('names a new device after the host when no name is given', async () => {
    const device = await loadOrCreateDevice(await tempDir());
    assert.ok(isDeviceName(device.name), device.name);
  });

  test('refuses to open over a corrupt file and leaves it as it was', async () => {
    const dir = await tempDir();
    await loadOrCreateDevice(dir);
    await writeFile(join(dir, DEVICE_FILE), 'garbage', { mode: 0o600 });
    await assert.rejects(loadOrCreateDevice(dir), isCorrupt(/untouched/));
    assert.equal(await readFile(join(dir, DEVICE_FILE), 'utf8'), 'garbage');
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith(`${DEVICE_FILE}.`)), [], 'not moved, not replaced');
  });

  test('detects a public key that does not match the seed, and a name that is not a device name', async () => {
    const dir = await tempDir();
    await loadOrCreateDevice(dir);
    const file = JSON.parse(await readFile(join(dir, DEVICE_FILE), 'utf8'));
    await writeFile(join(dir, DEVICE_FILE), JSON.stringify({ ...file, publicKey: 'ab'.repeat(32) }), { mode: 0o600 });
    await assert.rejects(loadOrCreateDevice(dir), isCorrupt(/does not match/));
    await writeFile(join(dir, DEVICE_FILE), JSON.stringify({ ...file, name: 'x'.repeat(40) }), { mode: 0o600 });
    await assert.rejects(loadOrCreateDevice(dir), isCorrupt(/name/));
  });

  test('narrows a file that others can read, and says so', async () => {
    const dir = await tempDir();
    await loadOrCreateDevice(dir);
    await chmod(join(dir, DEVICE_FILE), 0o644);
    const reopened = await loadOrCreateDevice(dir);
    assert.equal(reopened.permissionsFixed, true);
    assert.equal((await stat(join(dir, DEVICE_FILE))).mode & 0o777, 0o600);
  });
});
