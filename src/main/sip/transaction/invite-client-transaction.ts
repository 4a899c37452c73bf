import { ClientTransaction, type ClientTransactionOptions } from './client-transaction.js';
import {
  INVITE_CLIENT,
  reduceInviteClient,
  startInviteClient,
  type InviteClientStateName,
  type InviteClientTimer,
} from './invite-client-state-machine.js';
import type { InviteClientMessageEffect } from './transaction-effect.js';

export interface InviteClientTransactionOptions<M> extends ClientTransactionOptions<M> {
  /** The ACK for a non-2xx final response, built from the INVITE and that response (§17.1.1.3). */
  readonly buildAck: (request: M, response: M) => M;
}

/**
 * An INVITE client transaction (RFC 3261 §17.1.1, RFC 6026): sends the INVITE, retransmits it
 * on Timer A over unreliable transports, ACKs non-2xx final responses itself and passes every
 * 2xx up to the TU, whose job the ACK for a 2xx is. Create it, subscribe, then `start()`.
 */
export class InviteClientTransaction<M> extends ClientTransaction<InviteClientStateName, InviteClientTimer, InviteClientMessageEffect, M> {
  constructor(options: InviteClientTransactionOptions<M>) {
    super(options, {
      label: 'INVITE client transaction',
      machine: INVITE_CLIENT,
      start: startInviteClient,
      reduce: reduceInviteClient,
      buildAck: options.buildAck,
    });
  }
}
