import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import { TransactionTable } from '../../../../src/main/sip/transaction/transaction-table.js';

describe('TransactionTable', () => {
  test('finds the client transaction a response belongs to, by branch and CSeq method', () => {
    const table = new TransactionTable<string, string>();
    table.addClient({ branch: 'z9hG4bK1', method: 'INVITE' }, 'invite');
    table.addClient({ branch: 'z9hG4bK1', method: 'CANCEL' }, 'cancel');
    assert.equal(table.matchResponse({ branch: 'z9hG4bK1', method: 'INVITE' }), 'invite');
    assert.equal(table.matchResponse({ branch: 'z9hG4bK1', method: 'CANCEL' }), 'cancel');
    assert.equal(table.matchResponse({ branch: 'z9hG4bK2', method: 'INVITE' }), undefined, 'a stray response');
    assert.equal(table.clientCount, 2);
  });

  test('finds the server transaction of a retransmission, an ACK, and the target of a CANCEL', () => {
    const table = new TransactionTable<string, string>();
    const invite = { branch: 'z9hG4bKa', sentBy: 'host:5060', method: 'INVITE' };
    const key = table.addServer(invite, 'invite');
    table.addServer({ ...invite, method: 'CANCEL' }, 'cancel');
    assert.equal(table.matchRequest(invite), 'invite');
    assert.equal(table.matchRequest({ ...invite, method: 'ACK' }), 'invite');
    assert.equal(table.matchRequest({ ...invite, method: 'CANCEL' }), 'cancel');
    assert.equal(table.matchCancelTarget({ ...invite, method: 'CANCEL' }), 'invite');
    assert.equal(table.matchRequest({ ...invite, branch: 'nocookie' }), undefined);
    assert.equal(table.serverCount, 2);
    assert.equal(table.delete(key), true);
    assert.equal(table.matchRequest(invite), undefined);
    assert.equal(table.matchCancelTarget({ ...invite, method: 'CANCEL' }), undefined, 'a CANCEL for nothing gets 481');
    assert.equal(table.delete(key), false);
  });

  test('refuses a second transaction under the same key', () => {
    const table = new TransactionTable<string, string>();
    table.addClient({ branch: 'z9hG4bK1', method: 'OPTIONS' }, 'first');
    assert.throws(() => table.addClient({ branch: 'Z9HG4BK1', method: 'OPTIONS' }, 'second'), (error) => isTransactionError(error, 'TRANSACTION_KEY_IN_USE'));
    assert.equal(table.matchResponse({ branch: 'z9hG4bK1', method: 'OPTIONS' }), 'first');
  });
});
