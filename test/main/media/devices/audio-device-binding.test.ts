import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadAudioDeviceBinding } from '../../../../src/main/media/devices/audio-device-binding.js';

describe('loadAudioDeviceBinding: naudiodon without its index.js', () => {
  test('a binding that cannot load is an AUDIO_BACKEND_UNAVAILABLE value, not a crash', () => {
    const result = loadAudioDeviceBinding('naudiodon/build/Release/no-such-binding.node');
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'AUDIO_BACKEND_UNAVAILABLE');
      assert.match(result.error.message, /cannot be loaded/);
    }
  });

  test('a module that is not the binding is refused the same way', () => {
    const result = loadAudioDeviceBinding('node:path');
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(result.error.code, 'AUDIO_BACKEND_UNAVAILABLE');
  });
});
