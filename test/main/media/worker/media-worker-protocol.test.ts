import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AudioSinkSpecSchema, AudioSourceSpecSchema, MediaWorkerRequestSchema } from '../../../../src/main/media/worker/media-worker-protocol.js';

const accepted: ReadonlyArray<readonly [string, unknown]> = [
  ['the default device', { kind: 'device' }],
  ['a remembered device by name', { kind: 'device', name: 'USB Headset' }],
];

const refused: ReadonlyArray<readonly [string, unknown]> = [
  ['an empty name (absent means the default)', { kind: 'device', name: '' }],
  ['a name that is not a string', { kind: 'device', name: 3 }],
  ['a name longer than any device has', { kind: 'device', name: 'x'.repeat(513) }],
  ['an unknown kind', { kind: 'bluetooth' }],
];

describe('media worker protocol: device sources and sinks', () => {
  for (const [what, spec] of accepted) {
    test(`a source and a sink may be ${what}`, () => {
      assert.deepEqual(AudioSourceSpecSchema.parse(spec), spec);
      assert.deepEqual(AudioSinkSpecSchema.parse(spec), spec);
    });
  }

  for (const [what, spec] of refused) {
    test(`${what} is refused on both sides`, () => {
      assert.equal(AudioSourceSpecSchema.safeParse(spec).success, false);
      assert.equal(AudioSinkSpecSchema.safeParse(spec).success, false);
    });
  }

  test('listDevices takes empty params and nothing else', () => {
    assert.equal(MediaWorkerRequestSchema.safeParse({ id: 1, method: 'listDevices', params: {} }).success, true);
    assert.equal(MediaWorkerRequestSchema.safeParse({ id: 1, method: 'listDevices' }).success, false);
  });
});
