import { TransactionError } from './transaction-error.js';

/**
 * What can happen to a transaction, in abstract: the state machines never see a message, only
 * the facts about it that §17 decides on (a status code, "a retransmission", "an ACK").
 */

/** A response matched this client transaction (§17.1.3). */
export interface ResponseReceived {
  readonly type: 'responseReceived';
  readonly status: number;
}

/** A retransmission of the request that created this server transaction arrived (§17.2.3). */
export interface RequestRetransmitted {
  readonly type: 'requestRetransmitted';
}

/** An ACK matched this INVITE server transaction (§17.2.3). */
export interface AckReceived {
  readonly type: 'ackReceived';
}

/** The TU passed a response to this server transaction. */
export interface TuResponded {
  readonly type: 'tuResponded';
  readonly status: number;
}

export interface TimerFired<T extends string> {
  readonly type: 'timerFired';
  readonly timer: T;
}

/** The transport layer failed to send one of this transaction's messages (§17.1.4, §17.2.4). */
export interface TransportError {
  readonly type: 'transportError';
}

export type ClientTransactionInput<T extends string> = ResponseReceived | TimerFired<T> | TransportError;

/** The classes of status code the state machines tell apart. */
export type StatusClass = '1xx' | '2xx' | '300-699';

/** Refuses what is not a status code: the parser lets only 100-699 through (§7.2). */
export function statusClassOf(status: number): StatusClass {
  if (!Number.isInteger(status) || status < 100 || status > 699) {
    throw new TransactionError('TRANSACTION_BAD_STATUS', `${status} is not a SIP status code (100-699)`);
  }
  if (status < 200) return '1xx';
  return status < 300 ? '2xx' : '300-699';
}

/** A short name for an input, for logs and error messages. */
export function describeInput(input: { readonly type: string; readonly status?: number; readonly timer?: string }): string {
  if (input.type === 'timerFired') return `Timer ${input.timer ?? '?'} fired`;
  if (input.status !== undefined) return `${input.type} ${input.status}`;
  return input.type;
}
