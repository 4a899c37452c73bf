import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AudioDevices } from '../../src/shared/api-contract.js';
import { initialSettingsState, reduceSettingsState, type SettingsAction, type SettingsState } from '../../src/renderer/state/settings-state.js';
import { createSettingsCommands } from '../../src/renderer/state/use-settings.js';
import { FakeParleyApi } from './fake-parley-api.js';

const devices: AudioDevices = {
  inputs: [{ name: 'Built-in Microphone', isDefault: true }],
  outputs: [{ name: 'Speakers', isDefault: true }],
  input: null,
  output: 'USB Headset',
};

function run(actions: SettingsAction[], state: SettingsState = initialSettingsState()): SettingsState {
  return actions.reduce(reduceSettingsState, state);
}

test('the settings start loading, with nothing pending', () => {
  const state = initialSettingsState();
  assert.deepEqual(state.devices, { phase: 'loading' });
  assert.deepEqual(state.privacy, { phase: 'loading' });
  assert.deepEqual(state.pending, []);
});

test('a change shows its progress, then "saved"; a failure shows why, until it is tried again', () => {
  const saving = run([{ type: 'devicesLoaded', devices }, { type: 'operationStarted', operation: 'input' }]);
  assert.deepEqual(saving.pending, ['input']);
  const failed = reduceSettingsState(saving, { type: 'operationFinished', operation: 'input', error: 'Could not change the microphone: Busy.' });
  assert.deepEqual(failed.pending, []);
  assert.equal(failed.errors.input, 'Could not change the microphone: Busy.');
  assert.equal(failed.lastSaved, null);
  const retried = reduceSettingsState(failed, { type: 'operationStarted', operation: 'input' });
  assert.equal(retried.errors.input, undefined);
  const saved = reduceSettingsState(retried, { type: 'operationFinished', operation: 'input', error: null });
  assert.equal(saved.lastSaved, 'input');
});

test('listing the devices again is not a change, so it never says "saved"', () => {
  const state = run([{ type: 'operationStarted', operation: 'listDevices' }, { type: 'operationFinished', operation: 'listDevices', error: null }]);
  assert.equal(state.lastSaved, null);
});

test('a failed refresh keeps the devices shown', () => {
  const error = { code: 'INTERNAL', message: 'boom' } as const;
  const state = run([{ type: 'devicesLoaded', devices }, { type: 'devicesFailed', error }]);
  assert.deepEqual(state.devices, { phase: 'ready', value: devices, refreshError: error });
  assert.deepEqual(run([{ type: 'devicesFailed', error }]).devices, { phase: 'failed', error });
});

test('loading asks for the devices and the privacy setting', async () => {
  const fake = new FakeParleyApi({ listAudioDevices: { ok: true, value: devices }, getPrivacy: { ok: true, value: { buddiesOnly: true } } });
  const actions: SettingsAction[] = [];
  await createSettingsCommands(fake.api, (action) => actions.push(action)).load();
  const state = run(actions);
  assert.deepEqual(state.devices, { phase: 'ready', value: devices, refreshError: null });
  assert.deepEqual(state.privacy, { phase: 'ready', value: true, refreshError: null });
  assert.deepEqual(state.pending, []);
});

test('choosing the system default sends null for that direction only', async () => {
  const fake = new FakeParleyApi({ setAudioDevices: { ok: true, value: { ...devices, output: null } } });
  const actions: SettingsAction[] = [];
  const commands = createSettingsCommands(fake.api, (action) => actions.push(action));
  await Promise.all([commands.chooseDevice('output', null), commands.chooseDevice('output', 'Speakers')]);
  assert.deepEqual(fake.calls, [{ command: 'setAudioDevices', args: { output: null } }], 'a second change waits for the first');
  const state = run(actions);
  assert.equal(state.devices.phase === 'ready' && state.devices.value.output, null);
  assert.equal(state.lastSaved, 'output');
});

test('a refused privacy change keeps the old setting and says why', async () => {
  const fake = new FakeParleyApi({ setPrivacy: { ok: false, error: { code: 'UNAVAILABLE', message: 'not connected to the Parley core' } } });
  const actions: SettingsAction[] = [];
  await createSettingsCommands(fake.api, (action) => actions.push(action)).setBuddiesOnly(true);
  const state = run(actions, run([{ type: 'privacyLoaded', buddiesOnly: false }]));
  assert.deepEqual(state.privacy, { phase: 'ready', value: false, refreshError: null });
  assert.equal(state.errors.privacy, 'Could not change the privacy setting: Not connected to the Parley core.');
});
