import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NonInviteClientTransaction } from '../../../../src/main/sip/transaction/non-invite-client-transaction.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { RecordingTransport, RecordingUser, request, response, settle, statusOf } from './transaction-fakes.js';

function trying(reliable: boolean, fail?: 'throw' | 'reject') {
  const clock = new FakeClock();
  const transport = new RecordingTransport(clock, reliable);
  const user = new RecordingUser();
  const transaction = new NonInviteClientTransaction({ request: request('OPTIONS'), transport, user, clock, statusOf });
  const events: string[] = [];
  transaction.onStateChanged(({ from, to }) => events.push(`${from} → ${to}`));
  transaction.onTerminated(({ reason }) => events.push(`terminated: ${reason}`));
  transport.failNext = fail;
  transaction.start();
  return { clock, transport, user, transaction, events };
}

describe('NonInviteClientTransaction over UDP: Timers E and F (§17.1.2.2)', () => {
  test('retransmits after 0.5, 1, 2, 4, 4, 4 … s (E capped at T2) and times out at 32 s (F)', () => {
    const { clock, transport, user, transaction, events } = trying(false);
    clock.advance(31_999);
    assert.deepEqual(transport.secondsOf('OPTIONS'), [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]);
    assert.equal(transaction.state, 'Trying');
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['timed out']);
    assert.deepEqual(events, ['Trying → Terminated', 'terminated: timeout']);
    assert.equal(clock.pendingTimers, 0, 'Timer E died with Trying');
  });

  test('a 1xx stops neither: E goes on at T2 and F still times out at 32 s', () => {
    const { clock, transport, user, transaction } = trying(false);
    clock.advance(600);
    transaction.receiveResponse(response(100));
    clock.advance(32_000 - 600);
    assert.deepEqual(transport.secondsOf('OPTIONS'), [0, 0.5, 1.5, 5.5, 9.5, 13.5, 17.5, 21.5, 25.5, 29.5]);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['response 100', 'timed out']);
    assert.equal(clock.pendingTimers, 0);
  });
});

describe('NonInviteClientTransaction over TCP (§17.1.2.2)', () => {
  test('never retransmits, and times out on Timer F at 32 s', () => {
    const { clock, transport, transaction } = trying(true);
    clock.advance(32_000);
    assert.deepEqual(transport.secondsOf('OPTIONS'), [0]);
    assert.equal(transaction.state, 'Terminated');
    assert.equal(clock.pendingTimers, 0);
  });
});

describe('NonInviteClientTransaction, Completed: Timer K (§17.1.2.2)', () => {
  test('over UDP absorbs response retransmissions for T4, then ends', () => {
    const { clock, transport, user, transaction, events } = trying(false);
    clock.advance(1000);
    transaction.receiveResponse(response(200));
    clock.advance(1000);
    transaction.receiveResponse(response(200));
    clock.advance(3999);
    transaction.receiveResponse(response(200));
    assert.equal(transaction.state, 'Completed');
    assert.deepEqual(transport.secondsOf('OPTIONS'), [0, 0.5], 'Timer E died with Trying');
    assert.deepEqual(user.calls, ['response 200']);
    clock.advance(1);
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(events, ['Trying → Completed', 'Completed → Terminated', 'terminated: normal']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('over TCP ends at once (K = 0)', () => {
    const { clock, transaction } = trying(true);
    transaction.receiveResponse(response(404));
    assert.equal(transaction.state, 'Completed');
    clock.advance(0);
    assert.equal(transaction.state, 'Terminated');
    assert.equal(clock.pendingTimers, 0);
  });

  test('from Proceeding too, stopping E and F', () => {
    const { clock, transaction } = trying(false);
    transaction.receiveResponse(response(100));
    transaction.receiveResponse(response(202));
    assert.equal(transaction.state, 'Completed');
    assert.equal(clock.pendingTimers, 1, 'only Timer K');
  });
});

describe('NonInviteClientTransaction and transport errors (§17.1.4)', () => {
  test('a send that throws ends it in Trying', () => {
    const { clock, user, transaction } = trying(false, 'throw');
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['transport failed: EHOSTUNREACH']);
    assert.equal(clock.pendingTimers, 0);
  });

  test('a failed retransmission in Proceeding ends it too', async () => {
    const { clock, transport, user, transaction } = trying(false);
    transaction.receiveResponse(response(100));
    transport.failNext = 'reject';
    clock.advance(500);
    await settle();
    assert.equal(transaction.state, 'Terminated');
    assert.deepEqual(user.calls, ['response 100', 'transport failed: ECONNRESET']);
    assert.equal(clock.pendingTimers, 0);
  });
});
