import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  reduceNonInviteClient,
  startNonInviteClient,
  type NonInviteClientInput,
  type NonInviteClientStateName,
  type NonInviteClientTimer,
} from '../../../../src/main/sip/transaction/non-invite-client-state-machine.js';
import type { NonInviteClientMessageEffect } from '../../../../src/main/sip/transaction/transaction-effect.js';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import {
  cancelTimer,
  informTu,
  passResponse,
  reach,
  resendRequest,
  sendRequest,
  startTimer,
  terminated,
  testTable,
  type Machine,
  type OutcomeTable,
} from './state-machine-table.js';

const inputs = {
  '100': { type: 'responseReceived', status: 100 },
  '200': { type: 'responseReceived', status: 200 },
  '404': { type: 'responseReceived', status: 404 },
  'Timer E': { type: 'timerFired', timer: 'E' },
  'Timer F': { type: 'timerFired', timer: 'F' },
  'Timer K': { type: 'timerFired', timer: 'K' },
  'transport error': { type: 'transportError' },
} as const satisfies Record<string, NonInviteClientInput>;

function machine(reliable: boolean): Machine<NonInviteClientStateName, NonInviteClientTimer, NonInviteClientMessageEffect, NonInviteClientInput> {
  return {
    start: () => startNonInviteClient({ reliable }),
    reduce: reduceNonInviteClient,
    paths: {
      Trying: [],
      Proceeding: [inputs['100']],
      Completed: [inputs['200']],
      Terminated: [inputs['Timer F']],
    },
  };
}

describe('non-INVITE client transaction (RFC 3261 §17.1.2.2, Figure 6), over UDP', () => {
  test('starts in Trying: sends the request, starts Timer E = T1 and Timer F = 64*T1', () => {
    const step = startNonInviteClient({ reliable: false });
    assert.equal(step.state.name, 'Trying');
    assert.deepEqual(step.effects, [sendRequest, startTimer('E', 500), startTimer('F', 32_000)]);
  });

  const table: OutcomeTable<keyof typeof inputs, NonInviteClientStateName> = {
    '100': {
      // Timers E and F belong to Trying and Proceeding both: a 1xx stops neither.
      Trying: { to: 'Proceeding', effects: [passResponse] },
      Proceeding: { to: 'Proceeding', effects: [passResponse] },
      Completed: 'ignored',
      Terminated: 'ignored',
    },
    '200': {
      Trying: { to: 'Completed', effects: [cancelTimer('E'), cancelTimer('F'), startTimer('K', 5000), passResponse] },
      Proceeding: { to: 'Completed', effects: [cancelTimer('E'), cancelTimer('F'), startTimer('K', 5000), passResponse] },
      Completed: 'ignored',
      Terminated: 'ignored',
    },
    '404': {
      Trying: { to: 'Completed', effects: [cancelTimer('E'), cancelTimer('F'), startTimer('K', 5000), passResponse] },
      Proceeding: { to: 'Completed', effects: [cancelTimer('E'), cancelTimer('F'), startTimer('K', 5000), passResponse] },
      Completed: 'ignored',
      Terminated: 'ignored',
    },
    'Timer E': {
      Trying: { to: 'Trying', effects: [resendRequest, startTimer('E', 1000)] },
      // "If Timer E fires while in the Proceeding state ... reset with a value of T2 seconds."
      Proceeding: { to: 'Proceeding', effects: [resendRequest, startTimer('E', 4000)] },
      Completed: 'illegal',
      Terminated: 'illegal',
    },
    'Timer F': {
      Trying: { to: 'Terminated', effects: [cancelTimer('E'), terminated('timeout'), informTu('timeout')] },
      Proceeding: { to: 'Terminated', effects: [cancelTimer('E'), terminated('timeout'), informTu('timeout')] },
      Completed: 'illegal',
      Terminated: 'illegal',
    },
    'Timer K': {
      Trying: 'illegal',
      Proceeding: 'illegal',
      Completed: { to: 'Terminated', effects: [terminated('normal')] },
      Terminated: 'illegal',
    },
    'transport error': {
      Trying: { to: 'Terminated', effects: [cancelTimer('E'), cancelTimer('F'), terminated('transportError'), informTu('transportError')] },
      Proceeding: { to: 'Terminated', effects: [cancelTimer('E'), cancelTimer('F'), terminated('transportError'), informTu('transportError')] },
      Completed: 'ignored',
      Terminated: 'ignored',
    },
  };
  testTable(machine(false), inputs, table);

  test('Timer E doubles up to T2 and stays there: 1, 2, 4, 4, 4 s', () => {
    let state = startNonInviteClient({ reliable: false }).state;
    const intervals: number[] = [];
    for (let i = 0; i < 5; i++) {
      const step = reduceNonInviteClient(state, inputs['Timer E']);
      intervals.push(...step.effects.flatMap((e) => (e.type === 'startTimer' ? [e.ms] : [])));
      state = step.state;
    }
    assert.deepEqual(intervals, [1000, 2000, 4000, 4000, 4000]);
  });
});

describe('non-INVITE client transaction over a reliable transport (§17.1.2.2)', () => {
  const reliable = machine(true);

  test('starts no Timer E, so Timer E firing is a fault', () => {
    assert.deepEqual(startNonInviteClient({ reliable: true }).effects, [sendRequest, startTimer('F', 32_000)]);
    assert.throws(
      () => reduceNonInviteClient(reach(reliable, 'Proceeding'), inputs['Timer E']),
      (error) => isTransactionError(error, 'TRANSACTION_INPUT_NOT_ALLOWED'),
    );
  });

  test('waits zero seconds on Timer K', () => {
    const step = reduceNonInviteClient(reach(reliable, 'Trying'), inputs['200']);
    assert.deepEqual(step.effects, [cancelTimer('F'), startTimer('K', 0), passResponse]);
  });
});
