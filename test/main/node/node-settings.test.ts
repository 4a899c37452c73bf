import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { EventName, EventPayload } from '../../../src/shared/api-contract.js';
import { ApiService } from '../../../src/main/api/api-service.js';
import { identityCommand } from '../../../src/main/cli/commands/identity-command.js';
import { createCliOutput } from '../../../src/main/cli/cli-output.js';
import { settingsCommands } from '../../../src/main/node/node-settings.js';
import { Profile } from '../../../src/main/profile/profile.js';
import { SETTINGS_FILE } from '../../../src/main/profile/profile-documents.js';
import { tempDir } from '../../helpers/temp-dir.js';

type Emitted = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** The settings commands over a real profile folder, behind the API's validation edge. */
async function settingsOf(dataDir?: string) {
  const dir = dataDir ?? (await tempDir('parley-settings'));
  const profile = await Profile.open(dir);
  const emitted: Emitted[] = [];
  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => void emitted.push({ name, payload } as Emitted);
  const handlers = settingsCommands(profile, emit);
  // Only the three commands under test; the API service dispatches by name.
  const api = new ApiService(handlers as unknown as ConstructorParameters<typeof ApiService>[0], (command, error) => assert.fail(`${command} faulted: ${String(error)}`));
  return { dir, profile, emitted, api };
}

describe('the ringtone setting', () => {
  test('is classic until the user picks another, which is remembered across restarts and told to every UI', async () => {
    const { dir, api, emitted } = await settingsOf();
    assert.deepEqual(await api.dispatch('getRingtone', {}), { ok: true, value: { ringtone: 'classic' } });
    assert.deepEqual(await api.dispatch('setRingtone', { ringtone: 'soft' }), { ok: true, value: { ringtone: 'soft' } });
    assert.deepEqual(emitted, [{ name: 'ringtoneChanged', payload: { ringtone: 'soft' } }]);

    const reopened = await settingsOf(dir);
    assert.deepEqual(await reopened.api.dispatch('getRingtone', {}), { ok: true, value: { ringtone: 'soft' } });
    assert.deepEqual(await reopened.api.dispatch('setRingtone', { ringtone: 'off' }), { ok: true, value: { ringtone: 'off' } });
    assert.equal((JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8')) as { ringtone?: string }).ringtone, 'off');
  });

  test('refuses a ringtone it does not have, and changes nothing', async () => {
    const { api, emitted } = await settingsOf();
    const refused = await api.dispatch('setRingtone', { ringtone: 'siren' });
    assert.equal(!refused.ok && refused.error.code, 'BAD_ARGUMENT');
    assert.deepEqual(await api.dispatch('getRingtone', {}), { ok: true, value: { ringtone: 'classic' } });
    assert.deepEqual(emitted, []);
  });

  test('a settings file written before the ringtone existed still opens, with its other settings', async () => {
    const dir = await tempDir('parley-settings');
    await writeFile(join(dir, SETTINGS_FILE), JSON.stringify({ version: 1, displayName: 'Ada', presence: 'away' }));
    const { profile, api } = await settingsOf(dir);
    assert.deepEqual(profile.notices.filter((notice) => notice.code === 'PROFILE_FILE_CORRUPT'), []);
    assert.equal(profile.settings.displayName, 'Ada');
    assert.deepEqual(await api.dispatch('getRingtone', {}), { ok: true, value: { ringtone: 'classic' } });
  });
});

describe('exporting the identity for a second device', () => {
  const passphrase = 'correct horse battery staple';

  test('makes a code that `parley identity import` turns into a device of the same address', async () => {
    const laptop = await settingsOf();
    const exported = await laptop.api.dispatch('exportIdentity', { passphrase });
    assert.ok(exported.ok, JSON.stringify(exported));
    const { code } = exported.value as { code: string };
    assert.match(code, /^parley-identity-1:/);
    assert.ok(!code.includes(passphrase), 'the code does not carry the passphrase');

    const phone = await tempDir('parley-phone');
    const passphraseFile = join(phone, 'passphrase.txt');
    await writeFile(passphraseFile, `${passphrase}\n`);
    const written: string[] = [];
    const streams = { stdout: { write: (text: string) => written.push(text) }, stderr: { write: (text: string) => written.push(text) } };
    const status = await identityCommand(['import', code], { data: join(phone, 'profile'), 'passphrase-file': passphraseFile }, createCliOutput(true, streams));
    assert.equal(status, 0, written.join(''));
    const imported = await Profile.open(join(phone, 'profile'));
    assert.equal(imported.uri, laptop.profile.uri);
    assert.deepEqual(imported.identity.publicKey, laptop.profile.identity.publicKey);
  });

  test('refuses a passphrase of fewer than 8 characters, counted as a person counts them', async () => {
    const { api } = await settingsOf();
    const tooShort = await api.dispatch('exportIdentity', { passphrase: 'hunter2' });
    assert.equal(!tooShort.ok && tooShort.error.code, 'BAD_ARGUMENT');
    // Eight UTF-16 units but four characters: too short all the same.
    const fourEmoji = await api.dispatch('exportIdentity', { passphrase: '🔑🔑🔑🔑' });
    assert.equal(!fourEmoji.ok && fourEmoji.error.code, 'BAD_ARGUMENT');
  });

  test('never puts the passphrase in what it answers, right or refused', async () => {
    const { api } = await settingsOf();
    for (const secret of ['zebra-quartz-1729', 'zq1729']) {
      const answer = JSON.stringify(await api.dispatch('exportIdentity', { passphrase: secret }));
      assert.ok(!answer.includes(secret), answer);
    }
  });
});
