import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INVITE_CLIENT, reduceInviteClient, startInviteClient } from '../../../../src/main/sip/transaction/invite-client-state-machine.js';
import { INVITE_SERVER, reduceInviteServer, startInviteServer } from '../../../../src/main/sip/transaction/invite-server-state-machine.js';
import { NON_INVITE_CLIENT, reduceNonInviteClient, startNonInviteClient } from '../../../../src/main/sip/transaction/non-invite-client-state-machine.js';
import { NON_INVITE_SERVER, reduceNonInviteServer, startNonInviteServer } from '../../../../src/main/sip/transaction/non-invite-server-state-machine.js';
import { isTuEffect, type MessageEffect } from '../../../../src/main/sip/transaction/transaction-effect.js';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import {
  initialState,
  StepBuilder,
  transition,
  type MachineSpec,
  type Step,
  type TransactionState,
} from '../../../../src/main/sip/transaction/transaction-state-machine.js';

describe('transition()', () => {
  test('refuses a move missing from the table', () => {
    const terminated = { ...initialState(INVITE_CLIENT, { reliable: false }), name: 'Terminated' as const };
    assert.throws(() => transition(INVITE_CLIENT, terminated, 'Calling'), (error) => isTransactionError(error, 'TRANSACTION_MOVE_NOT_ALLOWED'));
    const proceeding = { ...terminated, name: 'Proceeding' as const };
    assert.throws(() => transition(INVITE_CLIENT, proceeding, 'Calling'), (error) => isTransactionError(error, 'TRANSACTION_MOVE_NOT_ALLOWED'));
  });

  test('cancels the timers that die with the state it leaves, and only those', () => {
    const trying = { ...initialState(NON_INVITE_CLIENT, { reliable: false }), running: ['E', 'F'] as const };
    assert.deepEqual(transition(NON_INVITE_CLIENT, trying, 'Proceeding').cancelled, []);
    const completed = transition(NON_INVITE_CLIENT, trying, 'Completed');
    assert.deepEqual(completed.cancelled, ['E', 'F']);
    assert.deepEqual(completed.state.running, []);
  });

  test('a timer cannot start in a state it does not belong to', () => {
    const builder = new StepBuilder(INVITE_CLIENT, initialState(INVITE_CLIENT, { reliable: false }));
    assert.throws(() => builder.startTimer('D', 32_000), (error) => isTransactionError(error, 'TRANSACTION_TIMER_OUTSIDE_STATE'));
  });
});

interface Explorable {
  readonly machine: MachineSpec<string, string>;
  readonly starts: readonly Step<string, string, MessageEffect>[];
  readonly inputs: readonly { readonly type: string }[];
  readonly reduce: (state: TransactionState<string, string>, input: never) => Step<string, string, MessageEffect>;
}

const response = (status: number) => ({ type: 'responseReceived', status }) as const;
const tu = (status: number) => ({ type: 'tuResponded', status }) as const;
const timers = (...names: string[]) => names.map((timer) => ({ type: 'timerFired', timer }) as const);
const transportError = { type: 'transportError' } as const;
const both = <S>(start: (reliable: boolean) => S): S[] => [start(false), start(true)];

const machines: readonly Explorable[] = [
  {
    machine: INVITE_CLIENT,
    starts: both((reliable) => startInviteClient({ reliable })),
    inputs: [response(100), response(183), response(200), response(302), response(503), ...timers('A', 'B', 'D', 'M'), transportError],
    reduce: reduceInviteClient as Explorable['reduce'],
  },
  {
    machine: NON_INVITE_CLIENT,
    starts: both((reliable) => startNonInviteClient({ reliable })),
    inputs: [response(100), response(200), response(481), ...timers('E', 'F', 'K'), transportError],
    reduce: reduceNonInviteClient as Explorable['reduce'],
  },
  {
    machine: INVITE_SERVER,
    starts: [...both((reliable) => startInviteServer({ reliable, sendTrying: true })), startInviteServer({ reliable: false, sendTrying: false })],
    inputs: [{ type: 'requestRetransmitted' }, { type: 'ackReceived' }, tu(180), tu(200), tu(486), ...timers('G', 'H', 'I', 'L'), transportError],
    reduce: reduceInviteServer as Explorable['reduce'],
  },
  {
    machine: NON_INVITE_SERVER,
    starts: both((reliable) => startNonInviteServer({ reliable })),
    inputs: [{ type: 'requestRetransmitted' }, tu(100), tu(181), tu(200), tu(408), tu(500), ...timers('J'), transportError],
    reduce: reduceNonInviteServer as Explorable['reduce'],
  },
];

/**
 * Walks every sequence of inputs up to a depth, on every machine, and checks what must hold
 * after every step whatever the RFC section: a model check, not a table.
 */
describe('every reachable step of every state machine', () => {
  for (const { machine, starts, inputs, reduce } of machines) {
    test(`${machine.kind}: timers die with their state, the TU hears of a step last, Terminated is final`, () => {
      let frontier = starts.map((step) => step.state);
      const seen = new Set<string>();
      let steps = 0;
      for (const start of starts) checkStep(machine, undefined, start);
      for (let depth = 0; depth < 7 && frontier.length > 0; depth++) {
        const next: TransactionState<string, string>[] = [];
        for (const state of frontier) {
          for (const input of inputs) {
            let step: Step<string, string, MessageEffect>;
            try {
              step = reduce(state, input as never);
            } catch (error) {
              assert.ok(isTransactionError(error, 'TRANSACTION_INPUT_NOT_ALLOWED'), `only a refused input may throw: ${String(error)}`);
              assert.notEqual(input.type, 'responseReceived', 'a response from the network is never a fault');
              assert.notEqual(input.type, 'requestRetransmitted', 'a request from the network is never a fault');
              assert.notEqual(input.type, 'ackReceived', 'an ACK from the network is never a fault');
              assert.notEqual(input.type, 'transportError', 'a transport error is never a fault');
              continue;
            }
            steps++;
            checkStep(machine, state, step);
            const key = JSON.stringify(step.state);
            if (!seen.has(key)) {
              seen.add(key);
              next.push(step.state);
            }
          }
        }
        frontier = next;
      }
      const names = new Set([...seen].map((key) => (JSON.parse(key) as { name: string }).name));
      assert.deepEqual([...names].sort(), Object.keys(machine.moves).sort(), 'every state is reachable');
      assert.ok(steps >= 20, `explored only ${steps} steps`);
    });
  }
});

function checkStep(machine: MachineSpec<string, string>, before: TransactionState<string, string> | undefined, step: Step<string, string, MessageEffect>): void {
  const { state, effects } = step;
  const running = new Set(before?.running ?? []);
  for (const effect of effects) {
    if (effect.type === 'startTimer') running.add(effect.timer);
    if (effect.type === 'cancelTimer') {
      assert.ok(running.delete(effect.timer), `cancels Timer ${effect.timer} only while it runs`);
    }
  }
  const firedOrKept = [...running].filter((timer) => !state.running.includes(timer));
  // The only running timer that may vanish without a cancel is the one that just fired.
  assert.ok(firedOrKept.length <= 1, `timers vanished without a cancel: ${firedOrKept.join(', ')}`);
  for (const timer of state.running) {
    assert.ok(machine.timerStates[timer]?.includes(state.name), `Timer ${timer} runs in ${state.name}, which it does not belong to`);
  }
  if (state.reliable) {
    assert.ok(!state.running.some((t) => t === 'A' || t === 'E' || t === 'G'), 'no retransmission timer on a reliable transport');
  }
  const firstTu = effects.findIndex(isTuEffect);
  if (firstTu >= 0) assert.ok(effects.slice(firstTu).every(isTuEffect), 'effects that call the TU come last');
  const ended = effects.some((e) => e.type === 'terminated');
  assert.equal(ended, state.name === machine.terminated && before?.name !== machine.terminated, 'a terminated effect exactly on entering Terminated');
  if (state.name === machine.terminated) assert.deepEqual(state.running, [], 'no timer outlives the transaction');
}
