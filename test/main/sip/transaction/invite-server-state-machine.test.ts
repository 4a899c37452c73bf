import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  reduceInviteServer,
  startInviteServer,
  type InviteServerInput,
  type InviteServerStateName,
  type InviteServerTimer,
} from '../../../../src/main/sip/transaction/invite-server-state-machine.js';
import type { InviteServerMessageEffect } from '../../../../src/main/sip/transaction/transaction-effect.js';
import {
  cancelTimer,
  informTu,
  passAck,
  passRequest,
  reach,
  resendResponse,
  sendResponse,
  sendTrying,
  startTimer,
  terminated,
  testTable,
  type Machine,
  type OutcomeTable,
} from './state-machine-table.js';

const inputs = {
  'INVITE again': { type: 'requestRetransmitted' },
  ACK: { type: 'ackReceived' },
  '180 from TU': { type: 'tuResponded', status: 180 },
  '200 from TU': { type: 'tuResponded', status: 200 },
  '486 from TU': { type: 'tuResponded', status: 486 },
  'Timer G': { type: 'timerFired', timer: 'G' },
  'Timer H': { type: 'timerFired', timer: 'H' },
  'Timer I': { type: 'timerFired', timer: 'I' },
  'Timer L': { type: 'timerFired', timer: 'L' },
  'transport error': { type: 'transportError' },
} as const satisfies Record<string, InviteServerInput>;

function machine(reliable: boolean, sendTrying = true): Machine<InviteServerStateName, InviteServerTimer, InviteServerMessageEffect, InviteServerInput> {
  return {
    start: () => startInviteServer({ reliable, sendTrying }),
    reduce: reduceInviteServer,
    paths: {
      Proceeding: [],
      Completed: [inputs['486 from TU']],
      Confirmed: [inputs['486 from TU'], inputs.ACK],
      Accepted: [inputs['200 from TU']],
      Terminated: [inputs['486 from TU'], inputs['Timer H']],
    },
  };
}

describe('INVITE server transaction (RFC 3261 §17.2.1, Figure 7; RFC 6026), over UDP', () => {
  test('starts in Proceeding: sends 100 (Trying) and passes the INVITE to the TU', () => {
    const step = startInviteServer({ reliable: false, sendTrying: true });
    assert.equal(step.state.name, 'Proceeding');
    assert.deepEqual(step.effects, [sendTrying, passRequest]);
  });

  const table: OutcomeTable<keyof typeof inputs, InviteServerStateName> = {
    'INVITE again': {
      // "the most recent provisional response MUST be passed to the transport layer"
      Proceeding: { to: 'Proceeding', effects: [resendResponse] },
      Completed: { to: 'Completed', effects: [resendResponse] },
      Confirmed: 'ignored',
      // RFC 6026: absorbed, instead of looking like a new INVITE.
      Accepted: 'ignored',
      Terminated: 'ignored',
    },
    ACK: {
      Proceeding: 'ignored',
      Completed: { to: 'Confirmed', effects: [cancelTimer('G'), cancelTimer('H'), startTimer('I', 5000)] },
      Confirmed: 'ignored',
      // RFC 6026: the ACK for a 2xx is the TU's.
      Accepted: { to: 'Accepted', effects: [passAck] },
      Terminated: 'ignored',
    },
    '180 from TU': {
      Proceeding: { to: 'Proceeding', effects: [sendResponse] },
      Completed: 'illegal',
      Confirmed: 'illegal',
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    '200 from TU': {
      Proceeding: { to: 'Accepted', effects: [sendResponse, startTimer('L', 32_000)] },
      Completed: 'illegal',
      Confirmed: 'illegal',
      // RFC 6026: the TU's 2xx retransmissions (§13.3.1.4) pass through.
      Accepted: { to: 'Accepted', effects: [sendResponse] },
      Terminated: 'illegal',
    },
    '486 from TU': {
      Proceeding: { to: 'Completed', effects: [sendResponse, startTimer('G', 500), startTimer('H', 32_000)] },
      Completed: 'illegal',
      Confirmed: 'illegal',
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    'Timer G': {
      Proceeding: 'illegal',
      Completed: { to: 'Completed', effects: [resendResponse, startTimer('G', 1000)] },
      Confirmed: 'illegal',
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    'Timer H': {
      Proceeding: 'illegal',
      Completed: { to: 'Terminated', effects: [cancelTimer('G'), terminated('timeout'), informTu('timeout')] },
      Confirmed: 'illegal',
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    'Timer I': {
      Proceeding: 'illegal',
      Completed: 'illegal',
      Confirmed: { to: 'Terminated', effects: [terminated('normal')] },
      Accepted: 'illegal',
      Terminated: 'illegal',
    },
    'Timer L': {
      Proceeding: 'illegal',
      Completed: 'illegal',
      Confirmed: 'illegal',
      Accepted: { to: 'Terminated', effects: [terminated('normal')] },
      Terminated: 'illegal',
    },
    'transport error': {
      // RFC 6026 §7.1: the state stays; the timers end the transaction. The TU is told.
      Proceeding: { to: 'Proceeding', effects: [informTu('transportError')] },
      Completed: { to: 'Completed', effects: [informTu('transportError')] },
      Confirmed: 'ignored',
      Accepted: { to: 'Accepted', effects: [informTu('transportError')] },
      Terminated: 'ignored',
    },
  };
  testTable(machine(false), inputs, table);

  test('Timer G doubles up to T2 and stays there: 1, 2, 4, 4 s', () => {
    let state = reach(machine(false), 'Completed');
    const intervals: number[] = [];
    for (let i = 0; i < 4; i++) {
      const step = reduceInviteServer(state, inputs['Timer G']);
      intervals.push(...step.effects.flatMap((e) => (e.type === 'startTimer' ? [e.ms] : [])));
      state = step.state;
    }
    assert.deepEqual(intervals, [1000, 2000, 4000, 4000]);
  });
});

describe('INVITE server transaction without its own 100 (Trying) (§17.2.1)', () => {
  const quiet = machine(false, false);

  test('starts by passing the INVITE up, sending nothing', () => {
    assert.deepEqual(startInviteServer({ reliable: false, sendTrying: false }).effects, [passRequest]);
  });

  test('has nothing to answer a retransmission with until the TU responds', () => {
    const state = reach(quiet, 'Proceeding');
    assert.deepEqual(reduceInviteServer(state, inputs['INVITE again']).effects, []);
    const ringing = reduceInviteServer(state, inputs['180 from TU']).state;
    assert.deepEqual(reduceInviteServer(ringing, inputs['INVITE again']).effects, [resendResponse]);
  });
});

describe('INVITE server transaction over a reliable transport (§17.2.1)', () => {
  const reliable = machine(true);

  test('starts no Timer G but keeps Timer H', () => {
    const step = reduceInviteServer(reach(reliable, 'Proceeding'), inputs['486 from TU']);
    assert.deepEqual(step.effects, [sendResponse, startTimer('H', 32_000)]);
  });

  test('waits zero seconds on Timer I', () => {
    const step = reduceInviteServer(reach(reliable, 'Completed'), inputs.ACK);
    assert.deepEqual(step.effects, [cancelTimer('H'), startTimer('I', 0)]);
  });
});
