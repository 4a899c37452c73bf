import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pickSinkId } from '../../src/renderer/alerts/sink-choice.js';

const outputs = [
  { deviceId: 'default', label: 'Default - Built-in Audio Analog Stereo' },
  { deviceId: 'communications', label: 'Communications - USB Headset' },
  { deviceId: 'a1', label: 'Built-in Audio Analog Stereo' },
  { deviceId: 'b2', label: 'USB Headset Analog Stereo' },
];

test('the loudspeaker chosen for calls is found among the browser’s outputs by its name', () => {
  assert.equal(pickSinkId('built-in audio analog stereo', outputs), 'a1', 'the same name in any case');
  assert.equal(pickSinkId('USB Headset', outputs), 'b2', 'a name inside the browser’s label');
  assert.equal(pickSinkId('USB Headset Analog Stereo (hw:1,0)', outputs), 'b2', 'the browser’s label inside the name');
});

test('the page’s default output stays when nothing was chosen or nothing matches', () => {
  assert.equal(pickSinkId(null, outputs), null);
  assert.equal(pickSinkId('  ', outputs), null);
  assert.equal(pickSinkId('HDMI', outputs), null);
  assert.equal(pickSinkId('Default', outputs), null, 'the browser’s aliases are not devices');
  assert.equal(pickSinkId('USB Headset', [{ deviceId: 'x', label: '' }]), null, 'labels are empty until the page may use the microphone');
});
