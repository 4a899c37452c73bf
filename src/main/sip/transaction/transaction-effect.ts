import type { TerminationReason } from './termination-reason.js';

/**
 * What a transaction asks of the world, in the words of RFC 3261 Figures 5-8 ("send request",
 * "resp. to TU", "inform TU"). The adapters turn these into messages, timers and TU calls.
 */

export interface StartTimer<T extends string> {
  readonly type: 'startTimer';
  readonly timer: T;
  readonly ms: number;
}

export interface CancelTimer<T extends string> {
  readonly type: 'cancelTimer';
  readonly timer: T;
}

/** The transaction entered Terminated and must be destroyed (§17.1.1.2, §17.2.1). */
export interface Terminated {
  readonly type: 'terminated';
  readonly reason: TerminationReason;
}

/** "Inform TU": the transaction failed (Timer B, F or H, or a transport error). */
export interface InformTu {
  readonly type: 'informTu';
  readonly failure: 'timeout' | 'transportError';
}

/** Pass the request (again) to the transport; `retransmission` is false only the first time. */
export interface SendRequest {
  readonly type: 'sendRequest';
  readonly retransmission: boolean;
}

/** The ACK for a non-2xx final response, part of the INVITE client transaction (§17.1.1.3). */
export interface SendAck {
  readonly type: 'sendAck';
  readonly retransmission: boolean;
}

/** Pass the response that matched up to the TU. */
export interface PassResponseToTu {
  readonly type: 'passToTu';
  readonly message: 'response';
}

/** The 100 (Trying) an INVITE server transaction generates itself (§17.2.1). */
export interface SendTrying {
  readonly type: 'sendTrying';
}

/**
 * Send a response: the one the TU just passed (`retransmission: false`, it becomes the most
 * recent one) or the most recent one again (`retransmission: true`).
 */
export interface SendResponse {
  readonly type: 'sendResponse';
  readonly retransmission: boolean;
}

/** Pass the request that created the transaction up to the TU. */
export interface PassRequestToTu {
  readonly type: 'passToTu';
  readonly message: 'request';
}

/** Pass an ACK that matched an accepted INVITE up to the TU (RFC 6026). */
export interface PassAckToTu {
  readonly type: 'passToTu';
  readonly message: 'ack';
}

/** The effects with messages or TU calls that each kind of transaction asks its adapter for. */
export type InviteClientMessageEffect = SendRequest | SendAck | PassResponseToTu;
export type NonInviteClientMessageEffect = SendRequest | PassResponseToTu;
export type InviteServerMessageEffect = SendTrying | SendResponse | PassRequestToTu | PassAckToTu;
export type NonInviteServerMessageEffect = SendResponse | PassRequestToTu;

export type MessageEffect = InviteClientMessageEffect | NonInviteClientMessageEffect | InviteServerMessageEffect | NonInviteServerMessageEffect;

export type TransactionEffect<T extends string, X extends MessageEffect> = StartTimer<T> | CancelTimer<T> | Terminated | InformTu | X;

/** Effects that call into the TU; a step always lists them last, after its own bookkeeping. */
export function isTuEffect(effect: { readonly type: string }): boolean {
  return effect.type === 'passToTu' || effect.type === 'informTu';
}
