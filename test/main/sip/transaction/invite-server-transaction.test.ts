import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InviteServerTransaction } from '../../../../src/main/sip/transaction/invite-server-transaction.js';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { buildTrying, RecordingTransport, RecordingUser, request, response, statusOf, type FakeMessage } from './transaction-fakes.js';

const INVITE = request('INVITE');
const ACK = request('ACK');

function proceeding(reliable: boolean, options: { trying?: boolean; respond?: FakeMessage } = {}) {
  const clock = new FakeClock();
  const transport = new RecordingTransport(clock, reliable);
  const user = new RecordingUser();
  const transaction = new InviteServerTransaction({
    request: INVITE,
    transport,
    user,
    clock,
    statusOf,
    ...(options.trying === false ? {} : { buildTrying }),
  });
  const events: string[] = [];
  transaction.onStateChanged(({ from, to }) => events.push(`${from} → ${to}`));
  transaction.onTerminated(({ reason }) => events.push(`terminated: ${reason}`));
  const immediate = options.respond;
  if (immediate) user.onRequest = () => transaction.respond(immediate);
  transaction.start();
  return { clock, transport, user, transaction, events };
}

describe('InviteServerTransaction, Proceeding (§17.2.1)', () => {
  test('sends 100 (Trying), passes the INVITE up and answers retransmissions with the latest 1xx', () => {
    const { transport, user, transaction } = proceeding(false);
    assert.deepEqual(user.calls, ['request INVITE']);
    transaction.receiveRequest(INVITE);
    transaction.respond(response(180));
    transaction.receiveRequest(INVITE);
    transaction.receiveAck(ACK);
    assert.deepEqual(transport.names(), ['100 Trying', '100 Trying', '180', '180']);
    assert.equal(transaction.state, 'Proceeding');
  });

  test('without a 100 (Trying) builder sends nothing until the TU responds', () => {
    const { transport, transaction } = proceeding(false, { trying: false });
    transaction.receiveRequest(INVITE);
    assert.deepEqual(transport.names(), []);
  });

  test('a TU may respond from inside receiveRequest, and the 100 still goes first', () => {
    const { transport, transaction } = proceeding(false, { respond: response(486) });
    assert.equal(transaction.state, 'Completed');
    assert.deepEqual(transport.names(), ['100 Trying', '486']);
  });
});

describe('InviteServerTransaction, Completed: Timers G and H (§17.2.1)', () => {
  test('over UDP retransmits the final response after 0.5, 1, 2, 4, 4 … s and gives up on H at 32 s', () => {
    const { clock, transport, user, transaction, events } = proceeding(false, { trying: false });
    transaction.respond(response(486));
    clock.advance(31_999);
    assert.deepEqual(transport.secondsOf('486'), [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]);
    assert.equal(transaction.state, 'Completed');
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['request INVITE', 'timed out']);
    assert.deepEqual(events, ['Proceeding → Completed', 'Completed → Terminated', 'terminated: timeout']);
    assert.equal(clock.pendingTimers, 0, 'Timer G died with Completed');
  });

  test('over TCP sends it once and still gives up on H at 32 s', () => {
    const { clock, transport, transaction } = proceeding(true, { trying: false });
    transaction.respond(response(603));
    clock.advance(32_000);
    assert.deepEqual(transport.secondsOf('603'), [0]);
    assert.equal(transaction.state, 'Terminated');
    assert.equal(clock.pendingTimers, 0);
  });

  test('answers a retransmitted INVITE with the final response', () => {
    const { clock, transport, transaction } = proceeding(false, { trying: false });
    transaction.respond(response(486));
    clock.advance(200);
    transaction.receiveRequest(INVITE);
    assert.deepEqual(transport.secondsOf('486'), [0, 0.2]);
  });

  test('refuses a second response from the TU, sending nothing', () => {
    const { transport, transaction } = proceeding(false, { trying: false });
    transaction.respond(response(486));
    for (const status of [180, 200, 500]) {
      assert.throws(() => transaction.respond(response(status)), (error) => isTransactionError(error, 'TRANSACTION_INPUT_NOT_ALLOWED'));
    }
    assert.deepEqual(transport.names(), ['486']);
  });
});

describe('InviteServerTransaction, Confirmed: Timer I (§17.2.1)', () => {
  test('over UDP the ACK stops G and H; retransmissions are absorbed for T4', () => {
    const { clock, transport, user, transaction, events } = proceeding(false, { trying: false });
    transaction.respond(response(486));
    clock.advance(1000);
    transaction.receiveAck(ACK);
    assert.equal(transaction.state, 'Confirmed');
    transaction.receiveAck(ACK);
    transaction.receiveRequest(INVITE);
    clock.advance(4999);
    assert.equal(transaction.state, 'Confirmed');
    assert.deepEqual(transport.secondsOf('486'), [0, 0.5], 'no retransmission after the ACK');
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['request INVITE'], 'the ACK for a non-2xx stays in the transaction');
    assert.deepEqual(events, ['Proceeding → Completed', 'Completed → Confirmed', 'Confirmed → Terminated', 'terminated: normal']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('over TCP ends at once (I = 0)', () => {
    const { clock, transaction } = proceeding(true, { trying: false });
    transaction.respond(response(486));
    transaction.receiveAck(ACK);
    clock.advance(0);
    assert.equal(transaction.state, 'Terminated');
    assert.equal(clock.pendingTimers, 0);
  });
});

describe('InviteServerTransaction, Accepted: Timer L (RFC 6026)', () => {
  for (const reliable of [false, true]) {
    test(`lets the TU's 2xx retransmissions through, absorbs the INVITE, hands ACKs up, ends on L (${reliable ? 'TCP' : 'UDP'})`, () => {
      const { clock, transport, user, transaction, events } = proceeding(reliable);
      transaction.respond(response(200));
      assert.equal(transaction.state, 'Accepted');
      clock.advance(500);
      transaction.respond(response(200));
      transaction.receiveRequest(INVITE);
      clock.advance(500);
      transaction.receiveAck(ACK);
      transaction.receiveAck(ACK);
      clock.advance(30_999);
      assert.equal(transaction.state, 'Accepted');
      assert.deepEqual(transport.secondsOf('200'), [0, 0.5], 'no retransmission of its own: the 2xx is the TU’s (§13.3.1.4)');
      clock.advance(1);
      assert.equal(transaction.state, 'Terminated');
      assert.deepEqual(user.calls, ['request INVITE', 'ack ACK', 'ack ACK']);
      assert.deepEqual(events, ['Proceeding → Accepted', 'Accepted → Terminated', 'terminated: normal']);
      assert.equal(clock.pendingTimers, 0);
    });
  }
});

describe('InviteServerTransaction and transport errors (RFC 6026 §7.1)', () => {
  test('a failed send leaves the state as it is; the TU hears of it and Timer H still ends it', () => {
    const { clock, transport, user, transaction } = proceeding(false, { trying: false });
    transport.failNext = 'throw';
    transaction.respond(response(486));
    assert.equal(transaction.state, 'Completed');
    assert.deepEqual(user.calls, ['request INVITE', 'transport failed: EHOSTUNREACH']);
    clock.advance(500);
    assert.deepEqual(transport.secondsOf('486'), [0.5], 'Timer G keeps retransmitting');
    clock.advance(31_500);
    assert.equal(transaction.state, 'Terminated');
    assert.equal(clock.pendingTimers, 0);
  });

  test('a failed 2xx leaves it Accepted until Timer L', () => {
    const { clock, transport, user, transaction } = proceeding(true, { trying: false });
    transport.failNext = 'throw';
    transaction.respond(response(200));
    assert.equal(transaction.state, 'Accepted');
    assert.deepEqual(user.calls, ['request INVITE', 'transport failed: EHOSTUNREACH']);
    clock.advance(32_000);
    assert.equal(transaction.state, 'Terminated');
  });
});
