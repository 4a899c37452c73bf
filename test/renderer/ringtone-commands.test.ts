import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiResult } from '../../src/shared/api-contract.js';
import type { AppAction } from '../../src/renderer/state/app-state.js';
import { createRingtoneCommands } from '../../src/renderer/state/ringtone-commands.js';
import { FakeParleyApi } from './fake-parley-api.js';

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });

function setUp(answers: ConstructorParameters<typeof FakeParleyApi>[0]) {
  const fake = new FakeParleyApi(answers);
  const actions: AppAction[] = [];
  return { fake, actions, commands: createRingtoneCommands(fake.api, (action) => actions.push(action)) };
}

test('the setting loads from the core', async () => {
  const { actions, commands } = setUp({ getRingtone: ok({ ringtone: 'soft' }) });
  await commands.load();
  assert.deepEqual(actions, [{ type: 'ringtoneChanged', ringtone: 'soft' }]);
});

test('a setting the core cannot give stays unknown: calls ring with the default', async () => {
  const { actions, commands } = setUp({ getRingtone: { ok: false, error: { code: 'UNAVAILABLE', message: 'getRingtone: not implemented yet' } } });
  await commands.load();
  assert.deepEqual(actions, []);
});

test('a change is saved in the core and shown at once; a refusal comes back as a sentence', async () => {
  const saved = setUp({ setRingtone: ok({ ringtone: 'off' }) });
  assert.equal(await saved.commands.setRingtone('off'), null);
  assert.deepEqual(saved.fake.calls, [{ command: 'setRingtone', args: { ringtone: 'off' } }]);
  assert.deepEqual(saved.actions, [{ type: 'ringtoneChanged', ringtone: 'off' }]);

  const refused = setUp({ setRingtone: { ok: false, error: { code: 'INTERNAL', message: 'setRingtone: the settings file cannot be written' } } });
  assert.equal(await refused.commands.setRingtone('soft'), 'Could not change the ringtone: The settings file cannot be written.');
  assert.deepEqual(refused.actions, []);
});
