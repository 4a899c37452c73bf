import { ClientTransaction, type ClientTransactionOptions } from './client-transaction.js';
import {
  NON_INVITE_CLIENT,
  reduceNonInviteClient,
  startNonInviteClient,
  type NonInviteClientStateName,
  type NonInviteClientTimer,
} from './non-invite-client-state-machine.js';
import type { NonInviteClientMessageEffect } from './transaction-effect.js';

export type NonInviteClientTransactionOptions<M> = ClientTransactionOptions<M>;

/**
 * A non-INVITE client transaction (RFC 3261 §17.1.2): sends the request, retransmits it on
 * Timer E over unreliable transports (doubling up to T2, and at T2 once a provisional response
 * came), gives up on Timer F, and absorbs response retransmissions until Timer K.
 * Create it, subscribe, then `start()`.
 */
export class NonInviteClientTransaction<M> extends ClientTransaction<NonInviteClientStateName, NonInviteClientTimer, NonInviteClientMessageEffect, M> {
  constructor(options: NonInviteClientTransactionOptions<M>) {
    super(options, { label: 'non-INVITE client transaction', machine: NON_INVITE_CLIENT, start: startNonInviteClient, reduce: reduceNonInviteClient });
  }
}
