import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiResult, AudioDevices, ParleyApi } from '../../src/shared/api-contract.js';
import { initialSettingsState, reduceSettingsState, type SettingsAction, type SettingsState } from '../../src/renderer/state/settings-state.js';
import { AUDIO_TEST_NOT_STARTED, createSettingsCommands } from '../../src/renderer/state/use-settings.js';
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

/** An answer the test releases when it wants, to look at what happens in between. */
function deferred<T>(): { promise: Promise<ApiResult<T>>; resolve(result: ApiResult<T>): void } {
  let resolve: (result: ApiResult<T>) => void = () => {};
  const promise = new Promise<ApiResult<T>>((done) => (resolve = done));
  return { promise, resolve };
}

function recorded(api: ParleyApi, now = () => 5_000) {
  const actions: SettingsAction[] = [];
  const commands = createSettingsCommands(api, (action) => actions.push(action), now);
  return { commands, actions, state: () => run(actions) };
}

test('starting the sound test shows its progress, then stamps when it was asked for', async () => {
  const fake = new FakeParleyApi({ startAudioTest: { ok: true, value: { running: true } } });
  const { commands, actions, state } = recorded(fake.api);
  const starting = commands.startAudioTest();
  assert.deepEqual(run(actions).pending, ['startAudioTest']);
  await starting;
  assert.deepEqual(fake.calls, [{ command: 'startAudioTest', args: {} }]);
  assert.equal(state().audioTestStartedAt, 5_000);
  assert.deepEqual(state().pending, []);
  assert.equal(state().lastSaved, null, 'a test is not a saved change');
});

test('a refused sound test says why; an answer that did not start it says so too', async () => {
  const refused = recorded(new FakeParleyApi({ startAudioTest: { ok: false, error: { code: 'UNAVAILABLE', message: 'startAudioTest: a call is in progress' } } }).api);
  await refused.commands.startAudioTest();
  assert.equal(refused.state().errors.startAudioTest, 'Could not start the sound test: A call is in progress.');
  assert.equal(refused.state().audioTestStartedAt, null);
  const notStarted = recorded(new FakeParleyApi({ startAudioTest: { ok: true, value: { running: false } } }).api);
  await notStarted.commands.startAudioTest();
  assert.equal(notStarted.state().errors.startAudioTest, AUDIO_TEST_NOT_STARTED);
  assert.equal(notStarted.state().audioTestStartedAt, null);
});

test('stopping the sound test forgets its start', async () => {
  const fake = new FakeParleyApi({ startAudioTest: { ok: true, value: { running: true } }, stopAudioTest: { ok: true, value: { running: false } } });
  const { commands, state } = recorded(fake.api);
  await commands.startAudioTest();
  await commands.stopAudioTest();
  assert.deepEqual(fake.calls.map((call) => call.command), ['startAudioTest', 'stopAudioTest']);
  assert.equal(state().audioTestStartedAt, null);
});

test('closing the dialog stops the sound test this UI started, and only that', async () => {
  const fake = new FakeParleyApi({ startAudioTest: { ok: true, value: { running: true } }, stopAudioTest: { ok: true, value: { running: false } } });
  const { commands, state } = recorded(fake.api);
  commands.closed();
  assert.equal(fake.calls.length, 0, 'nothing to stop');
  await commands.startAudioTest();
  commands.closed();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(fake.calls.map((call) => call.command), ['startAudioTest', 'stopAudioTest']);
  assert.equal(state().audioTestStartedAt, null);
});

test('a sound test that starts after the dialog closed is stopped at once and not shown', async () => {
  const fake = new FakeParleyApi({ stopAudioTest: { ok: true, value: { running: false } } });
  const answer = deferred<{ running: boolean }>();
  const { commands, state } = recorded({ ...fake.api, startAudioTest: () => answer.promise });
  const starting = commands.startAudioTest();
  commands.closed();
  answer.resolve({ ok: true, value: { running: true } });
  await starting;
  assert.deepEqual(fake.calls, [{ command: 'stopAudioTest', args: {} }]);
  assert.equal(state().audioTestStartedAt, null);
});

test('a transfer code is created from the passphrase, shown, and forgotten when the dialog closes', async () => {
  const fake = new FakeParleyApi({ exportIdentity: { ok: true, value: { code: 'pxv1.sealed' } } });
  const { commands, actions, state } = recorded(fake.api);
  const creating = commands.createTransferCode('correct horse');
  assert.deepEqual(run(actions).pending, ['exportIdentity']);
  await creating;
  assert.deepEqual(fake.calls, [{ command: 'exportIdentity', args: { passphrase: 'correct horse' } }]);
  assert.equal(state().transferCode, 'pxv1.sealed');
  assert.ok(!JSON.stringify(state()).includes('correct horse'), 'the passphrase is never kept in the state');
  commands.closed();
  assert.equal(state().transferCode, null);
});

test('a refused transfer code says why, and a code that arrives after closing is dropped', async () => {
  const refused = recorded(new FakeParleyApi({ exportIdentity: { ok: false, error: { code: 'BAD_ARGUMENT', message: 'exportIdentity: passphrase: a passphrase has at least 8 characters' } } }).api);
  await refused.commands.createTransferCode('short');
  assert.equal(refused.state().errors.exportIdentity, 'Could not create the transfer code: A passphrase has at least 8 characters.');
  const answer = deferred<{ code: string }>();
  const late = recorded({ ...new FakeParleyApi({}).api, exportIdentity: () => answer.promise });
  const creating = late.commands.createTransferCode('correct horse');
  late.commands.closed();
  answer.resolve({ ok: true, value: { code: 'pxv1.sealed' } });
  await creating;
  assert.equal(late.state().transferCode, null);
});

test('closing the dialog clears the sound test and transfer errors, and keeps the devices', () => {
  const state = run([
    { type: 'devicesLoaded', devices },
    { type: 'operationFinished', operation: 'startAudioTest', error: 'Could not start the sound test: Busy.' },
    { type: 'operationFinished', operation: 'exportIdentity', error: 'Could not create the transfer code: Busy.' },
    { type: 'operationFinished', operation: 'input', error: 'Could not change the microphone: Busy.' },
    { type: 'dialogClosed' },
  ]);
  assert.deepEqual(state.errors, { input: 'Could not change the microphone: Busy.' });
  assert.equal(state.devices.phase, 'ready');
});
