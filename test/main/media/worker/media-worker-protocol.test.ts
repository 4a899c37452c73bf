import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ownBytes } from '../../../../src/main/media/worker/media-worker-host.js';
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

describe('datagrams crossing to the media worker', () => {
  test('a view into a large receive buffer is copied to its own size; a whole buffer goes as it is', () => {
    const receiveBuffer = new Uint8Array(65_536);
    receiveBuffer.set([1, 2, 3], 100);
    const view = receiveBuffer.subarray(100, 103);
    const own = ownBytes(view);
    assert.deepEqual([...own], [1, 2, 3]);
    assert.equal(own.buffer.byteLength, 3, 'a structured clone of it copies 3 bytes, not 64 KiB');
    const whole = new Uint8Array([4, 5]);
    assert.equal(ownBytes(whole), whole);
  });
});
