import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDeviceName, MAX_DEVICE_NAME_BYTES, toDeviceName } from '../../../src/main/identity/device-name.js';

describe('device name', () => {
  const cases: Array<[string, boolean]> = [
    ['laptop', true],
    ['Büro ☎', true],
    ['x'.repeat(MAX_DEVICE_NAME_BYTES), true],
    ['x'.repeat(MAX_DEVICE_NAME_BYTES + 1), false],
    ['é'.repeat(17), false], // 34 bytes of UTF-8 in 17 characters
    ['', false],
    ['   ', false],
    [' padded', false],
    ['line\nbreak', false],
    ['bell\u0007', false],
    ['c1\u009b', false],
    ['half \ud83d', false],
  ];
  for (const [name, valid] of cases) {
    test(`${JSON.stringify(name)} is ${valid ? '' : 'not '}a device name`, () => assert.equal(isDeviceName(name), valid));
  }

  test('is made from any host name: controls become spaces and it is cut at a character boundary', () => {
    assert.equal(toDeviceName('  my\tlaptop\n'), 'my laptop');
    const cut = toDeviceName('☎'.repeat(20));
    assert.equal(cut, '☎'.repeat(10), '3 bytes each: 10 fit in 32');
    assert.ok(isDeviceName(toDeviceName('x'.repeat(100))));
    assert.equal(toDeviceName('\u0000\u0001'), 'device');
    assert.equal(toDeviceName(''), 'device');
    assert.equal(toDeviceName('a\ud800b'), 'ab');
  });
});
