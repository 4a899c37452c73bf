import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InviteClientTransaction } from '../../../../src/main/sip/transaction/invite-client-transaction.js';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { buildAck, RecordingTransport, RecordingUser, request, response, settle, statusOf } from './transaction-fakes.js';

function calling(reliable: boolean, options: { T1?: number; fail?: 'throw' | 'reject' } = {}) {
  const clock = new FakeClock();
  const transport = new RecordingTransport(clock, reliable);
  const user = new RecordingUser();
  const log: string[] = [];
  const transaction = new InviteClientTransaction({
    request: request('INVITE'),
    transport,
    user,
    clock,
    statusOf,
    buildAck,
    timers: options.T1 === undefined ? {} : { T1: options.T1 },
    label: 'z9hG4bKtest',
    log: (line) => log.push(line),
  });
  const events: string[] = [];
  transaction.onStateChanged(({ from, to }) => events.push(`${from} → ${to}`));
  transaction.onTerminated(({ reason }) => events.push(`terminated: ${reason}`));
  transport.failNext = options.fail;
  transaction.start();
  return { clock, transport, user, transaction, events, log };
}

describe('InviteClientTransaction over UDP: Timers A and B (§17.1.1.2)', () => {
  test('retransmits the INVITE at 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s and times out at 32 s', () => {
    const { clock, transport, user, transaction, events } = calling(false);
    clock.advance(31_999);
    assert.equal(transaction.state, 'Calling');
    assert.deepEqual(transport.secondsOf('INVITE'), [0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5]);
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(events, ['Calling → Terminated', 'terminated: timeout']);
    assert.deepEqual(user.calls, ['timed out']);
    assert.equal(clock.pendingTimers, 0, 'Timer A died with Calling');
  });

  test('a larger T1 stretches both: 1, 3, 7, 15, 31, 63 s and a timeout at 64 s', () => {
    const { clock, transport, transaction } = calling(false, { T1: 1000 });
    clock.advance(63_999);
    assert.deepEqual(transport.secondsOf('INVITE'), [0, 1, 3, 7, 15, 31, 63]);
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
  });

  test('a 1xx stops Timer A, and Timer B too: a call may ring longer than 32 s', () => {
    const { clock, transport, user, transaction } = calling(false);
    clock.advance(1000);
    transaction.receiveResponse(response(180));
    assert.equal(transaction.state, 'Proceeding');
    assert.equal(clock.pendingTimers, 0, 'Timers A and B belong to Calling');
    clock.advance(120_000);
    assert.equal(transaction.state, 'Proceeding');
    assert.deepEqual(transport.secondsOf('INVITE'), [0, 0.5]);
    transaction.receiveResponse(response(200));
    assert.equal(transaction.state, 'Accepted');
    assert.deepEqual(user.calls, ['response 180', 'response 200']);
  });
});

describe('InviteClientTransaction over TCP (§17.1.1.2)', () => {
  test('never retransmits, and still times out on Timer B at 32 s', () => {
    const { clock, transport, user, transaction } = calling(true);
    clock.advance(32_000);
    assert.deepEqual(transport.secondsOf('INVITE'), [0]);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['timed out']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('ACKs a non-2xx final response and ends at once (Timer D = 0)', () => {
    const { clock, transport, transaction, events } = calling(true);
    transaction.receiveResponse(response(486));
    assert.deepEqual(transport.names(), ['INVITE', 'ACK 486']);
    assert.equal(transaction.state, 'Completed');
    clock.advance(0);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(events, ['Calling → Completed', 'Completed → Terminated', 'terminated: normal']);
    assert.equal(clock.pendingTimers, 0);
  });
});

describe('InviteClientTransaction, Completed: Timer D (§17.1.1.2, §17.1.1.3)', () => {
  test('absorbs final response retransmissions for 32 s, re-sending the same ACK for each', () => {
    const { clock, transport, user, transaction, events } = calling(false);
    clock.advance(2000);
    transaction.receiveResponse(response(486));
    for (const at of [3000, 10_000, 33_999]) {
      clock.advance(at - clock.now());
      transaction.receiveResponse(response(486));
    }
    assert.equal(transaction.state, 'Completed');
    assert.deepEqual(transport.secondsOf('INVITE'), [0, 0.5, 1.5], 'Timer A died with Calling');
    assert.deepEqual(transport.secondsOf('ACK 486'), [2, 3, 10, 33.999]);
    assert.deepEqual(user.calls, ['response 486'], 'only the first final response reaches the TU');
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(events, ['Calling → Completed', 'Completed → Terminated', 'terminated: normal']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('a provisional response after the final one is absorbed', () => {
    const { transport, user, transaction } = calling(false);
    transaction.receiveResponse(response(404));
    transaction.receiveResponse(response(180));
    assert.deepEqual(transport.names(), ['INVITE', 'ACK 404']);
    assert.deepEqual(user.calls, ['response 404']);
  });
});

describe('InviteClientTransaction, Accepted: Timer M (RFC 6026)', () => {
  for (const reliable of [false, true]) {
    test(`passes every 2xx to the TU for 64*T1 and sends no ACK itself (${reliable ? 'TCP' : 'UDP'})`, () => {
      const { clock, transport, user, transaction, events } = calling(reliable);
      clock.advance(1000);
      transaction.receiveResponse(response(200, '200 from fork 1'));
      clock.advance(500);
      transaction.receiveResponse(response(200, '200 from fork 1'));
      transaction.receiveResponse(response(200, '200 from fork 2'));
      transaction.receiveResponse(response(486));
      clock.advance(31_499);
      assert.equal(transaction.state, 'Accepted');
      clock.advance(1);
      assert.equal(transaction.state, 'Terminated');
      transaction.receiveResponse(response(200, '200 too late'));
      assert.deepEqual(user.calls, ['response 200 from fork 1', 'response 200 from fork 1', 'response 200 from fork 2']);
      assert.deepEqual(transport.names().filter((n) => n !== 'INVITE'), [], 'the ACK for a 2xx is the TU’s');
      assert.deepEqual(events, ['Calling → Accepted', 'Accepted → Terminated', 'terminated: normal']);
      assert.equal(clock.pendingTimers, 0);
    });
  }
});

describe('InviteClientTransaction and transport errors (§17.1.4)', () => {
  test('a send that throws ends the transaction and tells the TU', () => {
    const { clock, user, transaction, events } = calling(false, { fail: 'throw' });
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['transport failed: EHOSTUNREACH']);
    assert.deepEqual(events, ['Calling → Terminated', 'terminated: transportError']);
    assert.equal(clock.pendingTimers, 0, 'Timers A and B started by the same step are cancelled');
  });

  test('a send whose promise rejects does the same once it settles', async () => {
    const { clock, user, transaction } = calling(true, { fail: 'reject' });
    assert.equal(transaction.state, 'Calling');
    await settle();
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['transport failed: ECONNRESET']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('a failed ACK ends the transaction in Completed', () => {
    const { clock, transport, user, transaction } = calling(false);
    transport.failNext = 'throw';
    transaction.receiveResponse(response(503));
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['response 503', 'transport failed: EHOSTUNREACH']);
    assert.equal(clock.pendingTimers, 0, 'Timer D died with Completed');
  });
});

describe('InviteClientTransaction as an object', () => {
  test('must be started once, and before responses arrive', () => {
    const clock = new FakeClock();
    const transaction = new InviteClientTransaction({
      request: request('INVITE'),
      transport: new RecordingTransport(clock, false),
      user: new RecordingUser(),
      clock,
      statusOf,
      buildAck,
    });
    assert.equal(transaction.state, 'Calling');
    assert.throws(() => transaction.receiveResponse(response(180)), (error) => isTransactionError(error, 'TRANSACTION_NOT_STARTED'));
    transaction.start();
    assert.throws(() => transaction.start(), (error) => isTransactionError(error, 'TRANSACTION_ALREADY_STARTED'));
  });

  test('logs each state change with its cause', () => {
    const { transaction, log } = calling(false);
    transaction.receiveResponse(response(180));
    assert.deepEqual(log, [
      'INVITE client transaction z9hG4bKtest: started in Calling',
      'INVITE client transaction z9hG4bKtest: Calling → Proceeding on responseReceived 180',
    ]);
  });
});
