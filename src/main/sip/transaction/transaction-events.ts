import type { TerminationReason } from './termination-reason.js';

export interface TransactionStateChanged<N extends string> {
  readonly from: N;
  readonly to: N;
}

export interface TransactionTerminated {
  readonly reason: TerminationReason;
}

/** What a transaction tells observers (the transaction table, logs, tests). */
export type TransactionEvents<N extends string> = {
  stateChanged: TransactionStateChanged<N>;
  terminated: TransactionTerminated;
};
