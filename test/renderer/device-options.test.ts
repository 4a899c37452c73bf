import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceChoice, deviceOptions, deviceValue } from '../../src/renderer/view/device-options.js';

const inputs = [
  { name: 'Built-in Microphone', isDefault: true },
  { name: 'USB Headset', isDefault: false },
];

test('the first choice is the system default, naming the device it is now', () => {
  assert.deepEqual(deviceOptions(inputs, null), [
    { value: '', label: 'System default (Built-in Microphone)', connected: true },
    { value: 'Built-in Microphone', label: 'Built-in Microphone', connected: true },
    { value: 'USB Headset', label: 'USB Headset', connected: true },
  ]);
});

test('with no devices there is only the system default', () => {
  assert.deepEqual(deviceOptions([], null), [{ value: '', label: 'System default', connected: true }]);
});

test('a remembered device that is plugged in is one of the listed ones', () => {
  assert.equal(deviceOptions(inputs, 'USB Headset').length, 3);
});

test('a remembered device that is not plugged in is still shown, marked not connected', () => {
  assert.deepEqual(deviceOptions(inputs, 'Jabra Speak 510')[1], { value: 'Jabra Speak 510', label: 'Jabra Speak 510 (not connected)', connected: false });
  assert.equal(deviceOptions(inputs, 'Jabra Speak 510').length, 4);
});

test('the system default is null in the contract and the empty value in the select', () => {
  assert.equal(deviceChoice(''), null);
  assert.equal(deviceChoice('USB Headset'), 'USB Headset');
  assert.equal(deviceValue(null), '');
  assert.equal(deviceValue('USB Headset'), 'USB Headset');
});
