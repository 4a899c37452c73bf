import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import {
  cancelTargetKey,
  clientTransactionKey,
  hasMagicCookie,
  newServerTransactionKey,
  serverTransactionKey,
  type ServerMatchKeys,
} from '../../../../src/main/sip/transaction/transaction-key.js';

describe('client transaction matching (§17.1.3)', () => {
  const invite = clientTransactionKey({ branch: 'z9hG4bK776asdhds', method: 'INVITE' });
  const cases: [string, { branch: string; method: string }, boolean][] = [
    ['the same branch and CSeq method', { branch: 'z9hG4bK776asdhds', method: 'INVITE' }, true],
    ['the branch in another case (§7.3.1)', { branch: 'Z9HG4BK776ASDHDS', method: 'INVITE' }, true],
    ['the same branch with CSeq method CANCEL', { branch: 'z9hG4bK776asdhds', method: 'CANCEL' }, false],
    ['another branch', { branch: 'z9hG4bK776asdhdt', method: 'INVITE' }, false],
    ['the method in another case (methods are case-sensitive, §7.1)', { branch: 'z9hG4bK776asdhds', method: 'invite' }, false],
  ];
  for (const [what, keys, matches] of cases) {
    test(`a response with ${what} ${matches ? 'matches' : 'does not match'}`, () => {
      assert.equal(clientTransactionKey(keys) === invite, matches);
    });
  }
});

describe('server transaction matching (§17.2.3)', () => {
  const invite: ServerMatchKeys = { branch: 'z9hG4bKnashds8', sentBy: 'pc33.atlanta.com:5060', method: 'INVITE' };
  const key = serverTransactionKey(invite);
  const cases: [string, Partial<ServerMatchKeys>, boolean][] = [
    ['a retransmission of the INVITE', {}, true],
    ['the ACK for a non-2xx response (same branch)', { method: 'ACK' }, true],
    ['a CANCEL (same branch, its own transaction, §9.2)', { method: 'CANCEL' }, false],
    ['the same branch from another sent-by (a colliding client)', { sentBy: 'pc34.atlanta.com:5060' }, false],
    ['the sent-by host in another case', { sentBy: 'PC33.Atlanta.COM:5060' }, true],
    ['another branch', { branch: 'z9hG4bKnashds9' }, false],
    ['an ACK for a 2xx (a new branch, §13.2.2.4)', { method: 'ACK', branch: 'z9hG4bKnashds9' }, false],
  ];
  for (const [what, change, matches] of cases) {
    test(`${what} ${matches ? 'matches' : 'does not match'}`, () => {
      assert.equal(serverTransactionKey({ ...invite, ...change }) === key, matches);
    });
  }

  test('a CANCEL finds the INVITE it cancels', () => {
    assert.equal(cancelTargetKey({ ...invite, method: 'CANCEL' }), key);
  });

  test('client and server keys never collide', () => {
    assert.notEqual(clientTransactionKey({ branch: invite.branch ?? '', method: 'INVITE' }), key);
  });
});

describe('matching requests from RFC 2543 elements (§17.2.3)', () => {
  const rfc2543 = { requestUri: 'sip:bob@biloxi.com', fromTag: '1928301774', callId: 'a84b4c76e66710', cseqNumber: 314159, topVia: 'SIP/2.0/UDP pc33.atlanta.com' };
  const old: ServerMatchKeys = { branch: undefined, sentBy: 'pc33.atlanta.com', method: 'INVITE', rfc2543 };

  test('a branch without the magic cookie is matched on the old keys', () => {
    assert.equal(hasMagicCookie('1234abcd'), false);
    assert.equal(hasMagicCookie('z9hG4bK1234'), true);
    assert.equal(hasMagicCookie(undefined), false);
    const key = serverTransactionKey(old);
    assert.ok(key);
    assert.equal(serverTransactionKey({ ...old, branch: '1234abcd' }), key, 'the old branch is not a key');
    assert.equal(serverTransactionKey({ ...old, method: 'ACK' }), key);
    assert.notEqual(serverTransactionKey({ ...old, rfc2543: { ...rfc2543, cseqNumber: 314160 } }), key);
    assert.notEqual(serverTransactionKey({ ...old, rfc2543: { ...rfc2543, topVia: 'SIP/2.0/UDP pc34.atlanta.com' } }), key);
  });

  test('without the old keys nothing matches, and no transaction can be filed', () => {
    const { rfc2543: _dropped, ...bare } = old;
    assert.equal(serverTransactionKey(bare), undefined);
    assert.throws(() => newServerTransactionKey(bare), (error) => isTransactionError(error, 'TRANSACTION_NO_MATCH_KEYS'));
  });

  test('an ACK never creates a server transaction', () => {
    assert.throws(
      () => newServerTransactionKey({ branch: 'z9hG4bK1', sentBy: 'a', method: 'ACK' }),
      (error) => isTransactionError(error, 'TRANSACTION_ACK_IS_NOT_A_TRANSACTION'),
    );
  });
});
