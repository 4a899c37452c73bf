import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import {
  exportIdentityCode,
  IDENTITY_CODE_PREFIX,
  IdentityCodeError,
  importIdentityCode,
} from '../../../src/main/identity/identity-transfer-code.js';

describe('identity transfer code', () => {
  const identity = keyPairFromSeed(generateSeed());
  const passphrase = 'correct horse battery staple';

  test('opens with the right passphrase to the same key pair', async () => {
    const code = await exportIdentityCode(identity, passphrase);
    assert.ok(code.startsWith(IDENTITY_CODE_PREFIX));
    assert.ok(code.length < 130, `one line: ${code.length} characters`);
    assert.ok(!code.includes(identity.secretKey.subarray(0, 32).toString('base64url')), 'the seed is not in the clear');
    const opened = await importIdentityCode(code, passphrase);
    assert.ok(opened.ok);
    assert.deepEqual(opened.keyPair, identity);
  });

  test('survives line breaks and spaces from copy and paste', async () => {
    const code = await exportIdentityCode(identity, passphrase);
    const wrapped = `  ${code.slice(0, 40)}\n${code.slice(40, 90)} \r\n${code.slice(90)}\n`;
    const opened = await importIdentityCode(wrapped, passphrase);
    assert.ok(opened.ok);
  });

  test('takes the same passphrase composed or decomposed (NFC)', async () => {
    const code = await exportIdentityCode(identity, 'caf\u00e9 au lait');
    assert.ok((await importIdentityCode(code, 'cafe\u0301 au lait')).ok);
  });

  test('refuses a wrong passphrase with a code', async () => {
    const code = await exportIdentityCode(identity, passphrase);
    const opened = await importIdentityCode(code, 'Correct horse battery staple');
    assert.equal(opened.ok, false);
    assert.equal(!opened.ok && opened.error.code, 'IDENTITY_CODE_WRONG_PASSPHRASE');
  });

  test('refuses a code changed in transit (one character)', async () => {
    const code = await exportIdentityCode(identity, passphrase);
    const at = IDENTITY_CODE_PREFIX.length + 60;
    const changed = code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);
    const opened = await importIdentityCode(changed, passphrase);
    assert.equal(!opened.ok && opened.error.code, 'IDENTITY_CODE_WRONG_PASSPHRASE');
  });

  test('refuses malformed and future codes without deriving a key', async () => {
    const code = await exportIdentityCode(identity, passphrase);
    const cases: Array<[string, string]> = [
      ['', 'IDENTITY_CODE_MALFORMED'],
      ['hello', 'IDENTITY_CODE_MALFORMED'],
      [code.slice(0, -1), 'IDENTITY_CODE_MALFORMED'],
      [`${code}A`, 'IDENTITY_CODE_MALFORMED'],
      [code.replace(/.$/, '+'), 'IDENTITY_CODE_MALFORMED'],
      [code.replace('parley-identity-1:', 'parley-identity-2:'), 'IDENTITY_CODE_UNSUPPORTED'],
    ];
    for (const [text, expected] of cases) {
      const opened = await importIdentityCode(text, passphrase);
      assert.equal(!opened.ok && opened.error.code, expected, JSON.stringify(text));
    }
  });

  test('will not seal an identity under a short passphrase', async () => {
    await assert.rejects(
      exportIdentityCode(identity, 'short'),
      (error: unknown) => error instanceof IdentityCodeError && error.code === 'IDENTITY_CODE_WEAK_PASSPHRASE',
    );
  });

  test('gives a different code each time (fresh salt and nonce)', async () => {
    assert.notEqual(await exportIdentityCode(identity, passphrase), await exportIdentityCode(identity, passphrase));
  });
});
