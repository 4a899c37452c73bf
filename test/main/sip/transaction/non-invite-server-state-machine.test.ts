import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  reduceNonInviteServer,
  startNonInviteServer,
  type NonInviteServerInput,
  type NonInviteServerStateName,
  type NonInviteServerTimer,
} from '../../../../src/main/sip/transaction/non-invite-server-state-machine.js';
import type { NonInviteServerMessageEffect } from '../../../../src/main/sip/transaction/transaction-effect.js';
import {
  cancelTimer,
  informTu,
  passRequest,
  reach,
  resendResponse,
  sendResponse,
  startTimer,
  terminated,
  testTable,
  type Machine,
  type OutcomeTable,
} from './state-machine-table.js';

const inputs = {
  'request again': { type: 'requestRetransmitted' },
  '100 from TU': { type: 'tuResponded', status: 100 },
  '183 from TU': { type: 'tuResponded', status: 183 },
  '200 from TU': { type: 'tuResponded', status: 200 },
  '408 from TU': { type: 'tuResponded', status: 408 },
  '603 from TU': { type: 'tuResponded', status: 603 },
  'Timer J': { type: 'timerFired', timer: 'J' },
  'transport error': { type: 'transportError' },
} as const satisfies Record<string, NonInviteServerInput>;

function machine(reliable: boolean): Machine<NonInviteServerStateName, NonInviteServerTimer, NonInviteServerMessageEffect, NonInviteServerInput> {
  return {
    start: () => startNonInviteServer({ reliable }),
    reduce: reduceNonInviteServer,
    paths: {
      Trying: [],
      Proceeding: [inputs['100 from TU']],
      Completed: [inputs['200 from TU']],
      Terminated: [inputs['200 from TU'], inputs['Timer J']],
    },
  };
}

const completing = { to: 'Completed', effects: [sendResponse, startTimer('J', 32_000)] } as const;

describe('non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8; RFC 4320), over UDP', () => {
  test('starts in Trying and passes the request to the TU', () => {
    const step = startNonInviteServer({ reliable: false });
    assert.equal(step.state.name, 'Trying');
    assert.deepEqual(step.effects, [passRequest]);
  });

  const table: OutcomeTable<keyof typeof inputs, NonInviteServerStateName> = {
    'request again': {
      // "any retransmissions of the request received while in this state are discarded"
      Trying: 'ignored',
      Proceeding: { to: 'Proceeding', effects: [resendResponse] },
      Completed: { to: 'Completed', effects: [resendResponse] },
      Terminated: 'ignored',
    },
    '100 from TU': {
      Trying: { to: 'Proceeding', effects: [sendResponse] },
      Proceeding: { to: 'Proceeding', effects: [sendResponse] },
      Completed: 'ignored',
      Terminated: 'illegal',
    },
    '183 from TU': {
      // RFC 4320 §4.1: no provisional response but 100 to a non-INVITE request.
      Trying: 'illegal',
      Proceeding: 'illegal',
      Completed: 'ignored',
      Terminated: 'illegal',
    },
    '200 from TU': {
      Trying: completing,
      Proceeding: completing,
      // "Any other final responses passed by the TU ... MUST be discarded while in Completed"
      Completed: 'ignored',
      Terminated: 'illegal',
    },
    '408 from TU': {
      // RFC 4320 §4.2: never a 408 to a non-INVITE request.
      Trying: 'illegal',
      Proceeding: 'illegal',
      Completed: 'ignored',
      Terminated: 'illegal',
    },
    '603 from TU': {
      Trying: completing,
      Proceeding: completing,
      Completed: 'ignored',
      Terminated: 'illegal',
    },
    'Timer J': {
      Trying: 'illegal',
      Proceeding: 'illegal',
      Completed: { to: 'Terminated', effects: [terminated('normal')] },
      Terminated: 'illegal',
    },
    'transport error': {
      // Nothing has been sent in Trying.
      Trying: 'ignored',
      Proceeding: { to: 'Terminated', effects: [terminated('transportError'), informTu('transportError')] },
      Completed: { to: 'Terminated', effects: [cancelTimer('J'), terminated('transportError'), informTu('transportError')] },
      Terminated: 'ignored',
    },
  };
  testTable(machine(false), inputs, table);
});

describe('non-INVITE server transaction over a reliable transport (§17.2.2)', () => {
  test('waits zero seconds on Timer J', () => {
    const step = reduceNonInviteServer(reach(machine(true), 'Trying'), inputs['200 from TU']);
    assert.deepEqual(step.effects, [sendResponse, startTimer('J', 0)]);
  });
});
