import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EchoDelayLine } from '../../../../src/main/media/session/echo-delay-line.js';

describe('the echo delay line', () => {
  test('plays back each frame it heard after the delay, silence before', () => {
    const line = new EchoDelayLine(60); // three 20 ms frames
    const out: number[] = [];
    for (let n = 1; n <= 6; n++) {
      line.write(new Int16Array(960).fill(n));
      out.push(line.read(960)[0] ?? -1);
    }
    assert.deepEqual(out, [0, 0, 0, 1, 2, 3]);
  });

  test('holds no more than the delay, however long the call', () => {
    const line = new EchoDelayLine(40);
    for (let n = 0; n < 10_000; n++) line.write(new Int16Array(960).fill(n % 100));
    // Only the last delay + 1 frames are kept: the oldest of them comes out, then the line waits again.
    assert.equal(line.read(960)[0], 97);
    assert.equal(line.read(960).every((sample) => sample === 0), true, 'and then silence until more is heard');
  });
});
