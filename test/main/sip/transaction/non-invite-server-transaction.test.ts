import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NonInviteServerTransaction } from '../../../../src/main/sip/transaction/non-invite-server-transaction.js';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { RecordingTransport, RecordingUser, request, response, settle, statusOf, type FakeMessage } from './transaction-fakes.js';

const BYE = request('BYE');

function trying(reliable: boolean, respond?: FakeMessage) {
  const clock = new FakeClock();
  const transport = new RecordingTransport(clock, reliable);
  const user = new RecordingUser();
  const transaction = new NonInviteServerTransaction({ request: BYE, transport, user, clock, statusOf });
  const events: string[] = [];
  transaction.onStateChanged(({ from, to }) => events.push(`${from} → ${to}`));
  transaction.onTerminated(({ reason }) => events.push(`terminated: ${reason}`));
  if (respond) user.onRequest = () => transaction.respond(respond);
  transaction.start();
  return { clock, transport, user, transaction, events };
}

describe('NonInviteServerTransaction, Trying and Proceeding (§17.2.2)', () => {
  test('passes the request up and discards its retransmissions until the TU responds', () => {
    const { transport, user, transaction } = trying(false);
    transaction.receiveRequest(BYE);
    assert.deepEqual(user.calls, ['request BYE']);
    assert.deepEqual(transport.names(), []);
    transaction.respond(response(100));
    transaction.receiveRequest(BYE);
    assert.equal(transaction.state, 'Proceeding');
    assert.deepEqual(transport.names(), ['100', '100']);
  });

  test('refuses provisional responses other than 100, and 408 (RFC 4320 §4)', () => {
    const { transport, transaction } = trying(false);
    for (const status of [180, 408]) {
      assert.throws(() => transaction.respond(response(status)), (error) => isTransactionError(error, 'TRANSACTION_INPUT_NOT_ALLOWED'));
    }
    assert.equal(transaction.state, 'Trying');
    assert.deepEqual(transport.names(), []);
  });
});

describe('NonInviteServerTransaction, Completed: Timer J (§17.2.2)', () => {
  test('over UDP answers retransmissions with the final response for 64*T1', () => {
    const { clock, transport, transaction, events } = trying(false, response(200));
    assert.equal(transaction.state, 'Completed');
    for (const at of [500, 4000, 31_999]) {
      clock.advance(at - clock.now());
      transaction.receiveRequest(BYE);
    }
    transaction.respond(response(500));
    assert.deepEqual(transport.secondsOf('200'), [0, 0.5, 4, 31.999]);
    assert.deepEqual(transport.secondsOf('500'), [], 'a second final response is discarded');
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(events, ['Trying → Completed', 'Completed → Terminated', 'terminated: normal']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('over TCP ends at once (J = 0)', () => {
    const { clock, transaction } = trying(true, response(481));
    assert.equal(transaction.state, 'Completed');
    clock.advance(0);
    assert.equal(transaction.state, 'Terminated');
    assert.equal(clock.pendingTimers, 0);
  });

  test('after Terminated a response from the TU is a fault', () => {
    const { clock, transaction } = trying(true, response(200));
    clock.advance(0);
    assert.throws(() => transaction.respond(response(200)), (error) => isTransactionError(error, 'TRANSACTION_INPUT_NOT_ALLOWED'));
  });
});

describe('NonInviteServerTransaction and transport errors (§17.2.4)', () => {
  test('a failed provisional response ends it in Proceeding and tells the TU', () => {
    const { clock, transport, user, transaction, events } = trying(false);
    transport.failNext = 'throw';
    transaction.respond(response(100));
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['request BYE', 'transport failed: EHOSTUNREACH']);
    assert.deepEqual(events, ['Trying → Proceeding', 'Proceeding → Terminated', 'terminated: transportError']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('a failed final response ends it in Completed, cancelling Timer J', async () => {
    const { clock, transport, user, transaction } = trying(false);
    transport.failNext = 'reject';
    transaction.respond(response(200));
    assert.equal(clock.pendingTimers, 1);
    await settle();
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['request BYE', 'transport failed: ECONNRESET']);
    assert.equal(clock.pendingTimers, 0);
  });
});
