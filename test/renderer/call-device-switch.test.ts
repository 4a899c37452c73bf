import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as CallDeviceSwitchModule from '../../src/renderer/components/call-device-switch.js';
import type * as CallPanelModule from '../../src/renderer/components/call-panel.js';
import type * as CallDeviceViewModule from '../../src/renderer/view/call-device-view.js';
import { createCallCommands } from '../../src/renderer/state/call-commands.js';
import type { AudioDevices } from '../../src/shared/api-contract.js';
import { callEntry, establishedCall, idleCommands } from './call-fixtures.js';
import { FakeParleyApi } from './fake-parley-api.js';
import { button, buttons, byTestId, findAll, hasTestId, importRenderer, renderMarkup } from './render-markup.js';

const { CallDeviceSwitch, CallDeviceSwitchView } = await importRenderer<typeof CallDeviceSwitchModule>('../../src/renderer/components/call-device-switch.js');
const { CallPanel } = await importRenderer<typeof CallPanelModule>('../../src/renderer/components/call-panel.js');
const { callDeviceOptions, IDLE_SWITCH } = await importRenderer<typeof CallDeviceViewModule>('../../src/renderer/view/call-device-view.js');

const devices: AudioDevices = {
  inputs: [
    { name: 'default', isDefault: true },
    { name: 'USB Headset', isDefault: false },
  ],
  outputs: [
    { name: 'default', isDefault: true },
    { name: 'USB Headset', isDefault: false },
    { name: 'HDMI', isDefault: false },
  ],
  input: null,
  output: null,
};

const idle = { input: IDLE_SWITCH, output: IDLE_SWITCH };
const noop = (): void => {};
type ViewProps = Parameters<typeof CallDeviceSwitchView>[0];
const renderView = (overrides: Partial<ViewProps> = {}): string =>
  renderMarkup(CallDeviceSwitchView, {
    id: 'devices',
    list: { phase: 'loaded', devices },
    inUse: { input: 'default', output: 'USB Headset' },
    switches: idle,
    onSwitch: noop,
    onReload: noop,
    onClose: noop,
    ...overrides,
  });

/** The option a select shows as chosen, by its label. */
function selectedLabel(html: string, testId: string): string | undefined {
  return findAll(byTestId(html, testId).inner, (tag, attributes) => tag === 'option' && 'selected' in attributes)[0]?.text;
}

describe('a call’s device switch', () => {
  test('while the devices are asked for, it says so and offers no select yet', () => {
    const html = renderView({ list: { phase: 'loading' } });
    assert.equal(byTestId(html, 'call-devices-loading').text, 'Looking for microphones and speakers…');
    assert.equal(byTestId(html, 'call-devices').attributes['aria-busy'], 'true');
    assert.equal(findAll(html, (tag) => tag === 'select').length, 0);
  });

  test('it starts by asking for the devices (the first render of the switch itself)', () => {
    const html = renderMarkup(CallDeviceSwitch, { id: 'd', callId: 'call-1', inUse: { input: 'default', output: 'default' }, commands: idleCommands, onClose: noop });
    assert.ok(hasTestId(html, 'call-devices-loading'));
  });

  test('loaded, a labelled select per device the call uses shows the device in use, and says it is for this call only', () => {
    const html = renderView();
    const labels = findAll(html, (tag) => tag === 'label').map((label) => label.text);
    assert.deepEqual(labels, ['Microphone', 'Speaker']);
    for (const label of findAll(html, (tag) => tag === 'label')) {
      const target = findAll(html, (tag, attributes) => tag === 'select' && attributes['id'] === label.attributes['for']);
      assert.equal(target.length, 1, `the ${label.text} label names its select`);
    }
    assert.equal(selectedLabel(html, 'call-device-input'), 'default');
    assert.equal(selectedLabel(html, 'call-device-output'), 'USB Headset');
    assert.equal(byTestId(html, 'call-device-output-status').text, 'In use: USB Headset');
    assert.deepEqual(
      findAll(byTestId(html, 'call-device-output').inner, (tag) => tag === 'option').map((option) => option.text),
      ['System default (default)', 'default', 'USB Headset', 'HDMI'],
    );
    assert.equal(byTestId(html, 'call-devices').attributes['role'], 'group');
    assert.match(html, /For this call only/);
  });

  test('a direction the call has no device for has no select', () => {
    const html = renderView({ inUse: { input: null, output: 'default' } });
    assert.equal(hasTestId(html, 'call-device-input'), false);
    assert.ok(hasTestId(html, 'call-device-output'));
  });

  test('a switch on its way shows the device asked for, busy, with a spinner and a status', () => {
    const html = renderView({ switches: { input: IDLE_SWITCH, output: { phase: 'switching', wanted: 'HDMI' } } });
    const select = byTestId(html, 'call-device-output');
    assert.equal(select.attributes['aria-busy'], 'true');
    assert.equal(selectedLabel(html, 'call-device-output'), 'HDMI');
    assert.equal(byTestId(html, 'call-device-output-status').text, 'Switching the speaker…');
    assert.equal(byTestId(html, 'call-device-output-status').attributes['role'], 'status');
    assert.match(html, /class="spinner"/);
    assert.equal(byTestId(html, 'call-device-input').attributes['aria-busy'], 'false', 'the other select is free');
  });

  test('a switch to the system default shows the default entry while it runs', () => {
    const html = renderView({ switches: { input: { phase: 'switching', wanted: null }, output: IDLE_SWITCH } });
    assert.equal(selectedLabel(html, 'call-device-input'), 'System default (default)');
  });

  test('a refused switch is said under its select as an alert, and the select shows the device still in use', () => {
    const error = 'Could not switch the speaker: The loudspeaker could not be switched to "HDMI": busy; still using "USB Headset".';
    const html = renderView({ switches: { input: IDLE_SWITCH, output: { phase: 'failed', error } } });
    const status = byTestId(html, 'call-device-output-status');
    assert.equal(status.text, error);
    assert.equal(status.attributes['role'], 'alert');
    assert.equal(status.attributes['class'], 'field-error');
    assert.equal(byTestId(html, 'call-device-output').attributes['aria-invalid'], 'true');
    assert.equal(selectedLabel(html, 'call-device-output'), 'USB Headset');
    const select = byTestId(html, 'call-device-output');
    assert.equal(select.attributes['aria-describedby'], status.attributes['id'], 'the select is described by its status');
  });

  test('a list that could not be had says why and offers to try again', () => {
    const html = renderView({ list: { phase: 'failed', error: 'The core is not reachable.' } });
    assert.equal(byTestId(html, 'call-devices-error').text, 'Could not list the sound devices: The core is not reachable.');
    assert.equal(byTestId(html, 'call-devices-error').attributes['role'], 'alert');
    assert.ok(button(html, 'Try again'));
  });

  test('a device in use that the list lacks (gone since) is still offered, as it is', () => {
    assert.deepEqual(
      callDeviceOptions(devices.inputs, 'Bluetooth').map((option) => option.label),
      ['System default (default)', 'Bluetooth', 'default', 'USB Headset'],
    );
  });
});

describe('the call panel’s Devices control', () => {
  const render = (view = establishedCall({ input: 'default', output: 'default' })) => renderMarkup(CallPanel, { entry: callEntry(view), now: 10_000, commands: idleCommands });

  test('an established call with sound cards offers it, collapsed, controlling the switch', () => {
    const toggle = button(render(), 'Devices');
    assert.equal(toggle.attributes['aria-expanded'], 'false');
    assert.ok(toggle.attributes['aria-controls']);
    assert.equal('disabled' in toggle.attributes, false);
  });

  test('a call whose audio is files or silence has no Devices control', () => {
    assert.equal(buttons(render(establishedCall())).some((found) => found.text === 'Devices'), false);
  });

  test('a call not yet established cannot switch devices', () => {
    const toggle = button(render(establishedCall({ state: 'setup', establishedAt: null, input: 'default', output: 'default' })), 'Devices');
    assert.ok('disabled' in toggle.attributes);
  });
});

test('the switch asks the core for the devices and for the switch of that one call, and hands back its answer', async () => {
  const switched = { callId: 'call-1', input: 'USB Headset', output: 'default' };
  const fake = new FakeParleyApi({ listAudioDevices: { ok: true, value: devices }, switchCallDevice: { ok: true, value: switched } });
  const commands = createCallCommands(fake.api, () => assert.fail('the device switch keeps its state to itself'));
  assert.deepEqual(await commands.listAudioDevices(), { ok: true, value: devices });
  assert.deepEqual(await commands.switchCallDevice('call-1', 'input', 'USB Headset'), { ok: true, value: switched });
  await commands.switchCallDevice('call-1', 'output', null);
  assert.deepEqual(fake.calls, [
    { command: 'listAudioDevices', args: {} },
    { command: 'switchCallDevice', args: { callId: 'call-1', direction: 'input', name: 'USB Headset' } },
    { command: 'switchCallDevice', args: { callId: 'call-1', direction: 'output', name: null } },
  ]);
});
