import assert from 'node:assert/strict';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { identityKeyOf } from '../../../src/main/identity/address-of-record.js';
import { isParleyError } from '../../../src/main/parley-error.js';
import { IDENTITY_FILE } from '../../../src/main/profile/identity-file.js';
import { Profile } from '../../../src/main/profile/profile.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('a profile', () => {
  test('creates an identity readable by its owner only, and says so', async () => {
    const dir = await tempDir();
    const profile = await Profile.open(dir);
    const mode = (await stat(join(dir, IDENTITY_FILE))).mode & 0o777;
    assert.equal(mode, 0o600);
    assert.deepEqual(Buffer.from(identityKeyOf(profile.uri) ?? []), profile.identity.publicKey);
    assert.ok(profile.notices.some((n) => n.code === 'PROFILE_CREATED'));
  });

  test('keeps the same URI and settings across reopening', async () => {
    const dir = await tempDir();
    const first = await Profile.open(dir);
    await first.updateSettings({ displayName: 'Alice' });
    const second = await Profile.open(dir);
    assert.equal(second.uri, first.uri);
    assert.equal(second.settings.displayName, 'Alice');
    assert.equal(second.notices.length, 0, 'a healthy profile opens without notices');
  });

  test('moves a corrupt settings file aside, keeps its bytes, and reports it', async () => {
    const dir = await tempDir();
    const { uri } = await Profile.open(dir);
    await writeFile(join(dir, 'settings.json'), '{"version":1,"displayName":');
    const reopened = await Profile.open(dir, new Date('2026-01-02T03:04:05.678Z'));
    assert.equal(reopened.uri, uri, 'the identity is untouched');
    const notice = reopened.notices.find((n) => n.code === 'PROFILE_FILE_CORRUPT');
    assert.ok(notice, 'a notice tells the user');
    assert.match(notice.message, /settings\.json/);
    const aside = join(dir, 'settings.json.corrupt-2026-01-02T03-04-05-678Z');
    assert.equal(await readFile(aside, 'utf8'), '{"version":1,"displayName":', 'nothing is lost');
    assert.ok(notice.message.includes(aside));
    assert.equal(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).version, 1, 'defaults are written');
  });

  test('treats valid JSON of the wrong shape as corrupt too', async () => {
    const dir = await tempDir();
    await Profile.open(dir);
    await writeFile(join(dir, 'contacts.json'), JSON.stringify({ version: 1, contacts: 'everyone' }));
    const reopened = await Profile.open(dir);
    assert.ok(reopened.notices.some((n) => n.code === 'PROFILE_FILE_CORRUPT' && n.message.includes('contacts.json')));
    assert.deepEqual(reopened.contacts.contacts, []);
  });

  test('refuses to open over a corrupt identity and leaves the file as it was', async () => {
    const dir = await tempDir();
    await Profile.open(dir);
    await writeFile(join(dir, IDENTITY_FILE), 'garbage', { mode: 0o600 });
    await assert.rejects(Profile.open(dir), (error) => isParleyError(error, 'PROFILE_IDENTITY_CORRUPT') && /untouched/.test(error.message));
    assert.equal(await readFile(join(dir, IDENTITY_FILE), 'utf8'), 'garbage');
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('identity.json.')), [], 'not moved, not replaced');
  });

  test('detects an identity whose public key does not match its seed', async () => {
    const dir = await tempDir();
    await Profile.open(dir);
    const file = JSON.parse(await readFile(join(dir, IDENTITY_FILE), 'utf8'));
    file.publicKey = 'ab'.repeat(32);
    await writeFile(join(dir, IDENTITY_FILE), JSON.stringify(file), { mode: 0o600 });
    await assert.rejects(Profile.open(dir), (error) => isParleyError(error, 'PROFILE_IDENTITY_CORRUPT') && /does not match/.test(error.message));
  });

  test('narrows an identity file that others can read, and warns', async () => {
    const dir = await tempDir();
    await Profile.open(dir);
    await chmod(join(dir, IDENTITY_FILE), 0o644);
    const reopened = await Profile.open(dir);
    assert.equal((await stat(join(dir, IDENTITY_FILE))).mode & 0o777, 0o600);
    assert.ok(reopened.notices.some((n) => n.code === 'PROFILE_KEY_PERMISSIONS_FIXED' && n.level === 'warning'));
  });

  test('writes atomically, leaving no temporary files behind', async () => {
    const dir = await tempDir();
    const profile = await Profile.open(dir);
    for (let i = 0; i < 20; i++) await profile.updateSettings({ displayName: `Name ${i}` });
    assert.deepEqual((await readdir(dir)).sort(), ['contacts.json', 'history.json', 'identity.json', 'settings.json']);
  });
});
