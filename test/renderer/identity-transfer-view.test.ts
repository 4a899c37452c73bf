import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTransferPassphrase, PASSPHRASES_DIFFER } from '../../src/renderer/view/identity-transfer-view.js';

test('a passphrase of 8 characters or more, typed the same twice, is accepted', () => {
  assert.equal(checkTransferPassphrase('correct horse', 'correct horse'), null);
  assert.equal(checkTransferPassphrase('12345678', '12345678'), null);
});

test('a short passphrase is refused with the contract’s own rule, pointing at the first field', () => {
  assert.deepEqual(checkTransferPassphrase('1234567', '1234567'), { field: 'passphrase', message: 'A passphrase has at least 8 characters.' });
  assert.deepEqual(checkTransferPassphrase('', ''), { field: 'passphrase', message: 'A passphrase has at least 8 characters.' });
});

test('two different passphrases are refused, pointing at the confirmation', () => {
  assert.deepEqual(checkTransferPassphrase('correct horse', 'correct hose'), { field: 'confirmation', message: PASSPHRASES_DIFFER });
  assert.deepEqual(checkTransferPassphrase('correct horse', ''), { field: 'confirmation', message: PASSPHRASES_DIFFER });
});
