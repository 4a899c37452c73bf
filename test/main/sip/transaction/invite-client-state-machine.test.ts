import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  reduceInviteClient,
  startInviteClient,
  type InviteClientInput,
  type InviteClientStateName,
  type InviteClientTimer,
} from '../../../../src/main/sip/transaction/invite-client-state-machine.js';
import type { InviteClientMessageEffect } from '../../../../src/main/sip/transaction/transaction-effect.js';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import { timerConfig } from '../../../../src/main/sip/transaction/transaction-timers.js';
import {
  cancelTimer,
  informTu,
  passResponse,
  reach,
  resendAck,
  resendRequest,
  sendAck,
  sendRequest,
  startTimer,
  terminated,
  testTable,
  type Machine,
  type OutcomeTable,
} from './state-machine-table.js';

const inputs = {
  '180': { type: 'responseReceived', status: 180 },
  '200': { type: 'responseReceived', status: 200 },
  '486': { type: 'responseReceived', status: 486 },
  'Timer A': { type: 'timerFired', timer: 'A' },
  'Timer B': { type: 'timerFired', timer: 'B' },
  'Timer D': { type: 'timerFired', timer: 'D' },
  'Timer M': { type: 'timerFired', timer: 'M' },
  'transport error': { type: 'transportError' },
} as const satisfies Record<string, InviteClientInput>;

function machine(reliable: boolean): Machine<InviteClientStateName, InviteClientTimer, InviteClientMessageEffect, InviteClientInput> {
  return {
    start: () => startInviteClient({ reliable }),
    reduce: reduceInviteClient,
    paths: {
      Calling: [],
      Proceeding: [inputs['180']],
      Completed: [inputs['486']],
      Accepted: [inputs['200']],
      Terminated: [inputs['Timer B']],
    },
  };
}

describe('INVITE client transaction (RFC 3261 §17.1.1.2, Figure 5; RFC 6026), over UDP', () => {
  test('starts in Calling: sends the INVITE, starts Timer A = T1 and Timer B = 64*T1', () => {
    const step = startInviteClient({ reliable: false });
    assert.equal(step.state.name, 'Calling');
    assert.deepEqual(step.effects, [sendRequest, startTimer('A', 500), startTimer('B', 32_000)]);
  });

  const table: OutcomeTable<keyof typeof inputs, InviteClientStateName> = {
    '180': {
      // A 1xx ends Calling, and with it Timers A and B (B guards Calling only).
      Calling: { to: 'Proceeding', effects: [cancelTimer('A'), cancelTimer('B'), passResponse] },
      Proceeding: { to: 'Proceeding', effects: [passResponse] },
      Completed: 'ignored',
      Accepted: 'ignored',
      Terminated: 'ignored',
    },
    '200': {
      Calling: { to: 'Accepted', effects: [cancelTimer('A'), cancelTimer('B'), startTimer('M', 32_000), passResponse] },
      Proceeding: { to: 'Accepted', effects: [startTimer('M', 32_000), passResponse] },
      Completed: 'ignored',
      // RFC 6026: retransmitted 2xx and the 2xx of other forks reach the TU; no ACK from here.
      Accepted: { to: 'Accepted', effects: [passResponse] },
      Terminated: 'ignored',
    },
    '486': {
      Calling: { to: 'Completed', effects: [cancelTimer('A'), cancelTimer('B'), sendAck, startTimer('D', 32_000), passResponse] },
      Proceeding: { to: 'Completed', effects: [sendAck, startTimer('D', 32_000), passResponse] },
      // A retransmitted final response gets the ACK again and does not reach the TU.
      Completed: { to: 'Completed', effects: [resendAck] },
      Accepted: 'ignored',
      Terminated: 'ignored',
    },
    'Timer A': {
      Calling: { to: 'Calling', effects: [resendRequest, startTimer('A', 1000)] },
      Proceeding: 'illegal',
      Completed: 'illegal',
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    'Timer B': {
      Calling: { to: 'Terminated', effects: [cancelTimer('A'), terminated('timeout'), informTu('timeout')] },
      Proceeding: 'illegal',
      Completed: 'illegal',
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    'Timer D': {
      Calling: 'illegal',
      Proceeding: 'illegal',
      Completed: { to: 'Terminated', effects: [terminated('normal')] },
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    'Timer M': {
      Calling: 'illegal',
      Proceeding: 'illegal',
      Completed: 'illegal',
      Accepted: { to: 'Terminated', effects: [terminated('normal')] },
      Terminated: 'illegal',
    },
    'transport error': {
      Calling: { to: 'Terminated', effects: [cancelTimer('A'), cancelTimer('B'), terminated('transportError'), informTu('transportError')] },
      // Nothing is sent in Proceeding, Accepted or Terminated: a late failure of an older send.
      Proceeding: 'ignored',
      Completed: { to: 'Terminated', effects: [cancelTimer('D'), terminated('transportError'), informTu('transportError')] },
      Accepted: 'ignored',
      Terminated: 'ignored',
    },
  };
  testTable(machine(false), inputs, table);

  test('Timer A doubles on every firing, without the T2 cap of Timers E and G', () => {
    let state = startInviteClient({ reliable: false }).state;
    const intervals: number[] = [];
    for (let i = 0; i < 7; i++) {
      const step = reduceInviteClient(state, inputs['Timer A']);
      intervals.push(...step.effects.flatMap((e) => (e.type === 'startTimer' ? [e.ms] : [])));
      state = step.state;
    }
    assert.deepEqual(intervals, [1000, 2000, 4000, 8000, 16_000, 32_000, 64_000]);
  });
});

describe('INVITE client transaction over a reliable transport (§17.1.1.2)', () => {
  const reliable = machine(true);

  test('starts no Timer A', () => {
    assert.deepEqual(startInviteClient({ reliable: true }).effects, [sendRequest, startTimer('B', 32_000)]);
  });

  test('so Timer A firing is a fault', () => {
    assert.throws(
      () => reduceInviteClient(reach(reliable, 'Calling'), inputs['Timer A']),
      (error) => isTransactionError(error, 'TRANSACTION_INPUT_NOT_ALLOWED'),
    );
  });

  test('waits zero seconds on Timer D', () => {
    const step = reduceInviteClient(reach(reliable, 'Calling'), inputs['486']);
    assert.deepEqual(step.effects, [cancelTimer('B'), sendAck, startTimer('D', 0), passResponse]);
  });

  test('keeps Timer M at 64*T1: the 2xx retransmissions come from the far UAS, not the hop', () => {
    const step = reduceInviteClient(reach(reliable, 'Calling'), inputs['200']);
    assert.deepEqual(step.effects, [cancelTimer('B'), startTimer('M', 32_000), passResponse]);
  });
});

describe('INVITE client transaction timers follow T1', () => {
  test('a T1 of 2 s for a high-latency link gives A = 2 s, B = 128 s and D = 128 s', () => {
    const config = timerConfig({ T1: 2000, T2: 8000 });
    const start = startInviteClient({ reliable: false, config });
    assert.deepEqual(start.effects, [sendRequest, startTimer('A', 2000), startTimer('B', 128_000)]);
    const completed = reduceInviteClient(start.state, inputs['486']);
    assert.deepEqual(completed.effects.find((e) => e.type === 'startTimer'), startTimer('D', 128_000));
  });

  test('a status code outside 100-699 is a fault', () => {
    for (const status of [99, 700, 200.5]) {
      assert.throws(
        () => reduceInviteClient(startInviteClient({ reliable: false }).state, { type: 'responseReceived', status }),
        (error) => isTransactionError(error, 'TRANSACTION_BAD_STATUS'),
      );
    }
  });
});
