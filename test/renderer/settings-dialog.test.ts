import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as SettingsDialogModule from '../../src/renderer/components/settings-dialog.js';
import { initialSettingsState, type SettingsState } from '../../src/renderer/state/settings-state.js';
import type { SettingsCommands } from '../../src/renderer/state/use-settings.js';
import { byTestId, findAll, importRenderer, renderMarkup } from './render-markup.js';

const { SettingsDialog, BUDDIES_ONLY_EXPLANATION } = await importRenderer<typeof SettingsDialogModule>('../../src/renderer/components/settings-dialog.js');

const commands: SettingsCommands = { load: async () => {}, chooseDevice: async () => {}, setBuddiesOnly: async () => {} };
const profile = { displayName: 'Alice', uri: 'sip:ybndrfg8@parley.invalid', identityKey: 'ybndrfg8' };
const loaded: SettingsState = {
  ...initialSettingsState(),
  devices: {
    phase: 'ready',
    value: { inputs: [{ name: 'Built-in Microphone', isDefault: true }], outputs: [], input: 'USB Headset', output: null },
    refreshError: null,
  },
  privacy: { phase: 'ready', value: true, refreshError: null },
};
const render = (settings: SettingsState) =>
  renderMarkup(SettingsDialog, { open: true, settings, commands, profile, onSaveDisplayName: async () => null, onClose: () => {} });

const optionsOf = (html: string, testId: string) =>
  findAll(byTestId(html, testId).inner, (tag) => tag === 'option').map((option) => [option.attributes['value'], option.text]);

test('the device selects offer the system default and the devices, keeping a remembered one that is gone', () => {
  const html = render(loaded);
  assert.deepEqual(optionsOf(html, 'settings-input'), [
    ['', 'System default (Built-in Microphone)'],
    ['USB Headset', 'USB Headset (not connected)'],
    ['Built-in Microphone', 'Built-in Microphone'],
  ]);
  assert.deepEqual(optionsOf(html, 'settings-output'), [['', 'System default']]);
  assert.match(html, /The remembered device is not connected now\./);
});

test('buddies-only is a switch, explained in one sentence', () => {
  const html = render(loaded);
  const toggle = byTestId(html, 'settings-buddies-only');
  assert.equal(toggle.attributes['role'], 'switch');
  assert.equal('checked' in toggle.attributes, true);
  assert.ok(html.includes(BUDDIES_ONLY_EXPLANATION.replaceAll("'", '&#x27;')) || html.includes(BUDDIES_ONLY_EXPLANATION));
});

test('while the settings load, they say so; a failure is said in words', () => {
  assert.match(render(initialSettingsState()), /Looking for microphones and speakers…/);
  const failed = render({ ...initialSettingsState(), devices: { phase: 'failed', error: { code: 'UNAVAILABLE', message: 'No sound system.' } } });
  assert.equal(byTestId(failed, 'settings-devices-error').text, 'Could not list the sound devices: No sound system.');
});
