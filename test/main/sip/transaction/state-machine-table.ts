import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTransactionError } from '../../../../src/main/sip/transaction/transaction-error.js';
import type { MessageEffect } from '../../../../src/main/sip/transaction/transaction-effect.js';
import type { Step, TransactionState } from '../../../../src/main/sip/transaction/transaction-state-machine.js';
import type { TerminationReason } from '../../../../src/main/sip/transaction/termination-reason.js';

/** What one input does in one state: a move (or a stay) with its effects, nothing, or a fault. */
export type Outcome<N extends string> = { readonly to: N; readonly effects: readonly unknown[] } | 'ignored' | 'illegal';

/** A row per input, a column per state: every input in every state, as the RFC's figures. */
export type OutcomeTable<K extends string, N extends string> = Readonly<Record<K, Readonly<Record<N, Outcome<N>>>>>;

export interface Machine<N extends string, T extends string, X extends MessageEffect, I> {
  /** How to get into each state from the start, as a list of inputs. */
  readonly paths: Readonly<Record<N, readonly I[]>>;
  readonly start: () => Step<N, T, X>;
  readonly reduce: (state: TransactionState<N, T>, input: I) => Step<N, T, X>;
}

export function reach<N extends string, T extends string, X extends MessageEffect, I>(machine: Machine<N, T, X, I>, name: N): TransactionState<N, T> {
  let state = machine.start().state;
  for (const input of machine.paths[name]) state = machine.reduce(state, input).state;
  assert.equal(state.name, name, `the path to ${name} ends in ${state.name}`);
  return state;
}

/** One test per cell of the table. */
export function testTable<K extends string, N extends string, T extends string, X extends MessageEffect, I>(
  machine: Machine<N, T, X, I>,
  inputs: Readonly<Record<K, I>>,
  table: OutcomeTable<K, N>,
): void {
  for (const key of Object.keys(table) as K[]) {
    for (const [name, outcome] of Object.entries(table[key]) as [N, Outcome<N>][]) {
      const title = outcome === 'illegal' ? 'is a fault' : outcome === 'ignored' ? 'is absorbed' : `→ ${outcome.to}`;
      test(`${key} in ${name} ${title}`, () => {
        const state = reach(machine, name);
        if (outcome === 'illegal') {
          assert.throws(() => machine.reduce(state, inputs[key]), (error) => isTransactionError(error, 'TRANSACTION_INPUT_NOT_ALLOWED'));
          return;
        }
        const step = machine.reduce(state, inputs[key]);
        if (outcome === 'ignored') {
          assert.deepEqual(step.effects, []);
          assert.equal(step.state, state, 'the state object is left as it was');
          return;
        }
        assert.equal(step.state.name, outcome.to);
        assert.deepEqual(step.effects, outcome.effects);
      });
    }
  }
}

export const startTimer = (timer: string, ms: number) => ({ type: 'startTimer', timer, ms }) as const;
export const cancelTimer = (timer: string) => ({ type: 'cancelTimer', timer }) as const;
export const terminated = (reason: TerminationReason) => ({ type: 'terminated', reason }) as const;
export const informTu = (failure: 'timeout' | 'transportError') => ({ type: 'informTu', failure }) as const;
export const sendRequest = { type: 'sendRequest', retransmission: false } as const;
export const resendRequest = { type: 'sendRequest', retransmission: true } as const;
export const sendAck = { type: 'sendAck', retransmission: false } as const;
export const resendAck = { type: 'sendAck', retransmission: true } as const;
export const sendTrying = { type: 'sendTrying' } as const;
export const sendResponse = { type: 'sendResponse', retransmission: false } as const;
export const resendResponse = { type: 'sendResponse', retransmission: true } as const;
export const passResponse = { type: 'passToTu', message: 'response' } as const;
export const passRequest = { type: 'passToTu', message: 'request' } as const;
export const passAck = { type: 'passToTu', message: 'ack' } as const;
