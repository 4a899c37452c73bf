import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as SettingsDialogModule from '../../src/renderer/components/settings-dialog.js';
import type * as SettingsPrivacyModule from '../../src/renderer/components/settings-privacy.js';
import type { NetworkStatus } from '../../src/shared/api-contract.js';
import type { AudioTestReading } from '../../src/renderer/state/app-state.js';
import { initialSettingsState, type SettingsState } from '../../src/renderer/state/settings-state.js';
import type { SettingsCommands } from '../../src/renderer/state/use-settings.js';
import { button, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup, textOf } from './render-markup.js';

const { SettingsDialog } = await importRenderer<typeof SettingsDialogModule>('../../src/renderer/components/settings-dialog.js');
const { BUDDIES_ONLY_EXPLANATION } = await importRenderer<typeof SettingsPrivacyModule>('../../src/renderer/components/settings-privacy.js');

const commands: SettingsCommands = {
  load: async () => {},
  chooseDevice: async () => {},
  setBuddiesOnly: async () => {},
  startAudioTest: async () => {},
  stopAudioTest: async () => {},
  createTransferCode: async () => {},
  closed: () => {},
};
const network: NetworkStatus = {
  state: 'online',
  peers: 12,
  bootstrap: ['127.0.0.1:49737'],
  privateNetwork: true,
  since: 0,
  nat: 'consistent',
  publicAddress: '203.0.113.7:49737',
};
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
type Extra = { audioTest?: AudioTestReading | null; inCall?: boolean; network?: NetworkStatus | null; networkStale?: boolean };
const render = (settings: SettingsState, extra: Extra = {}) =>
  renderMarkup(SettingsDialog, {
    open: true,
    settings,
    commands,
    profile,
    network,
    networkStale: false,
    audioTest: null,
    inCall: false,
    ringtone: { ringtone: 'soft', setRingtone: async () => null, preview: async () => {}, stopPreview: () => {} },
    ...extra,
    onSaveDisplayName: async () => null,
    onClose: () => {},
  });

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

test('the display name can be edited in the settings too', () => {
  const html = render(loaded);
  assert.equal(byTestId(html, 'display-name').text, 'Alice');
  assert.ok(isPressable(button(html, 'Edit display name (Alice)')));
});

test('before a sound test, the Test button and two empty meters are ready', () => {
  const panel = byTestId(render(loaded), 'audio-test');
  const toggle = byTestId(panel.inner, 'audio-test-toggle');
  assert.equal(toggle.text, 'Test sound');
  assert.ok(isPressable(toggle));
  const meters = findAll(panel.inner, (_, attributes) => attributes['role'] === 'meter');
  assert.deepEqual(
    meters.map((meter) => [meter.attributes['aria-label'], meter.attributes['aria-valuetext']]),
    [
      ['Test microphone level', 'no reading yet'],
      ['Test speaker level', 'no reading yet'],
    ],
  );
  assert.equal(byTestId(panel.inner, 'audio-test-countdown').text, '');
});

test('a running sound test shows Stop, the seconds left and both levels', () => {
  const startedAt = Date.now() - 3_200;
  const reading: AudioTestReading = { input: { rmsDbfs: -24, peakDbfs: -12 }, output: { rmsDbfs: -14, peakDbfs: -8 }, running: true, at: startedAt + 100 };
  const panel = byTestId(render({ ...loaded, audioTestStartedAt: startedAt }, { audioTest: reading }), 'audio-test');
  assert.equal(byTestId(panel.inner, 'audio-test-toggle').text, 'Stop');
  assert.equal(byTestId(panel.inner, 'audio-test-countdown').text, '7 s left');
  const meters = findAll(panel.inner, (_, attributes) => attributes['role'] === 'meter');
  assert.deepEqual(
    meters.map((meter) => meter.attributes['aria-valuetext']),
    ['−24 dBFS', '−14 dBFS'],
  );
});

test('while the sound test starts, the button shows it; during a call the test is not offered, and says why', () => {
  const starting = byTestId(render({ ...loaded, pending: ['startAudioTest'] }), 'audio-test-toggle');
  assert.equal(starting.text, 'Starting…');
  assert.equal(starting.attributes['aria-busy'], 'true');
  assert.ok(!isPressable(starting));
  const html = render(loaded, { inCall: true });
  assert.ok(!isPressable(byTestId(html, 'audio-test-toggle')));
  assert.equal(byTestId(html, 'audio-test-message').text, 'The sound test is not available during a call.');
  const refused = render({ ...loaded, errors: { startAudioTest: 'Could not start the sound test: A call is in progress.' } });
  const message = byTestId(refused, 'audio-test-message');
  assert.equal(message.attributes['role'], 'alert');
  assert.equal(message.text, 'Could not start the sound test: A call is in progress.');
});

test('the network section names the DHT state, peers, bootstrap, NAT type in words and public address', () => {
  const details = byTestId(render(loaded), 'settings-network');
  const terms = findAll(details.inner, (tag) => tag === 'dt').map((found) => found.text);
  const values = findAll(details.inner, (tag) => tag === 'dd').map((found) => found.text);
  assert.deepEqual(terms, ['DHT', 'Peers', 'Bootstrap', 'NAT', 'Public address']);
  assert.deepEqual(values, ['Online', '12', 'Private DHT: 127.0.0.1:49737', 'Behind a NAT that keeps ports — direct calls work', '203.0.113.7:49737']);
  assert.match(textOf(render(loaded, { network: null })), /Waiting for the Parley core…/);
});

test('a transfer code is asked for with a passphrase typed twice, hidden as typed', () => {
  const form = byTestId(render(loaded), 'settings-transfer-form');
  for (const testId of ['settings-transfer-passphrase', 'settings-transfer-confirmation']) {
    const field = byTestId(form.inner, testId);
    assert.equal(field.attributes['type'], 'password');
    assert.equal(field.attributes['autoComplete'], 'new-password');
    assert.equal(field.attributes['value'], '');
  }
  assert.ok(isPressable(button(form.inner, 'Create transfer code')));
  assert.equal(hasTestId(render(loaded), 'settings-transfer-code'), false, 'no code before one is made');
});

test('while the code is made the button shows progress; then the code is read-only, with Copy and what to do with it', () => {
  const creating = button(render({ ...loaded, pending: ['exportIdentity'] }), 'Creating…');
  assert.equal(creating.attributes['aria-busy'], 'true');
  assert.ok(!isPressable(creating));
  const html = render({ ...loaded, transferCode: 'pxv1.sealed-identity' });
  const code = byTestId(html, 'settings-transfer-code');
  const field = byTestId(code.inner, 'settings-transfer-code-value');
  assert.equal(field.tag, 'textarea');
  assert.ok('readOnly' in field.attributes);
  assert.equal(field.text, 'pxv1.sealed-identity');
  assert.ok(isPressable(button(code.inner, 'Copy')));
  assert.match(code.text, /On the other device, run parley identity import with this code, or choose “Import identity”, and give the same passphrase\./);
});

test('a refused transfer code says why', () => {
  const html = render({ ...loaded, errors: { exportIdentity: 'Could not create the transfer code: Not connected to the Parley core.' } });
  const alerts = findAll(byTestId(html, 'settings-transfer-form').inner, (_, attributes) => attributes['role'] === 'alert');
  assert.deepEqual(alerts.map((alert) => alert.text), ['Could not create the transfer code: Not connected to the Parley core.']);
});

test('the ringtone has its own section, showing the setting', () => {
  const html = render(loaded);
  const section = findAll(html, (tag, attributes) => tag === 'section' && attributes['aria-labelledby'] === 'settings-ringtone-heading')[0];
  assert.ok(section, 'a ringtone section');
  const select = byTestId(section.inner, 'ringtone-select');
  const selected = findAll(select.inner, (tag, attributes) => tag === 'option' && 'selected' in attributes).map((option) => option.text);
  assert.deepEqual(selected, ['Soft chime']);
});

test('the sections come in a fixed order, each headed for screen readers', () => {
  const headings = findAll(render(loaded), (tag) => tag === 'h3').map((heading) => heading.text);
  assert.deepEqual(headings, ['You', 'Sound devices', 'Incoming calls', 'Network', 'Privacy', 'Use on a second device']);
});
