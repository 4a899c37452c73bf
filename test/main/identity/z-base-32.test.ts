import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeZBase32, encodeZBase32 } from '../../../src/main/identity/z-base-32.js';

// Vectors produced by an independent implementation (the `z32` package HyperDHT's ecosystem uses).
const VECTORS: Array<[string, string, string]> = [
  ['empty', '', ''],
  ['one zero byte', '00', 'yy'],
  ['one 0xff byte', 'ff', '9h'],
  ['"hello"', '68656c6c6f', 'pb1sa5dx'],
  ['bytes 0..31', '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'yyyoryarywdyqnyjbefoadeqbhebnrounoktcfaadrpbs8y7daxo'],
  ['32 bytes of 0xff', 'ff'.repeat(32), '999999999999999999999999999999999999999999999999999o'],
];

describe('z-base-32', () => {
  for (const [name, hex, text] of VECTORS) {
    test(`encodes ${name} as the reference does`, () => {
      assert.equal(encodeZBase32(Buffer.from(hex, 'hex')), text);
    });
    test(`decodes ${name} back to its bytes`, () => {
      assert.equal(Buffer.from(decodeZBase32(text, hex.length / 2) ?? []).toString('hex'), hex);
    });
  }

  test('round-trips random keys', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(32).map(() => Math.floor(Math.random() * 256));
      assert.deepEqual(decodeZBase32(encodeZBase32(bytes), 32), bytes);
    }
  });

  test('accepts upper case, as people type it', () => {
    assert.equal(Buffer.from(decodeZBase32('PB1SA5DX', 5) ?? []).toString(), 'hello');
  });

  test('rejects foreign characters, wrong lengths and non-canonical padding', () => {
    assert.equal(decodeZBase32('pb1sa5d0', 5), null, '0 is not in the alphabet');
    assert.equal(decodeZBase32('pb1sa5d', 5), null, 'too short');
    assert.equal(decodeZBase32('pb1sa5dxy', 5), null, 'too long');
    assert.equal(decodeZBase32('yb', 1), null, 'padding bits must be zero');
    assert.equal(decodeZBase32('9o', 1)?.[0], 0xfc, 'zero padding bits are fine');
  });
});
