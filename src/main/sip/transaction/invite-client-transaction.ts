import type { InviteClientMessageEffect, InformTu } from './transaction-effect.js';
import { TransactionError } from './transaction-error.js';
import type { TransactionStateChanged, TransactionTerminated } from './transaction-events.js';
import type { ResponseReceived } from './transaction-input.js';
import {
  INVITE_CLIENT,
  reduceInviteClient,
  startInviteClient,
  type InviteClientStateName,
  type InviteClientTimer,
} from './invite-client-state-machine.js';
import type { TransactionOptions } from './transaction-options.js';
import { TransactionRunner } from './transaction-runner.js';
import { timerConfig } from './transaction-timers.js';
import type { ClientTransactionUser } from './transaction-user.js';

export interface InviteClientTransactionOptions<M> extends TransactionOptions<M> {
  /** The INVITE, ready to send (its top Via carries the transaction's branch). */
  readonly request: M;
  readonly user: ClientTransactionUser<M>;
  /** The ACK for a non-2xx final response, built from the INVITE and that response (§17.1.1.3). */
  readonly buildAck: (request: M, response: M) => M;
}

/**
 * An INVITE client transaction (RFC 3261 §17.1.1, RFC 6026): sends the INVITE, retransmits it
 * on Timer A over unreliable transports, ACKs non-2xx final responses itself and passes every
 * 2xx up to the TU, whose job the ACK for a 2xx is. Create it, subscribe, then `start()`.
 */
export class InviteClientTransaction<M> {
  readonly request: M;
  readonly #user: ClientTransactionUser<M>;
  readonly #buildAck: (request: M, response: M) => M;
  readonly #statusOf: (response: M) => number;
  readonly #runner: TransactionRunner<InviteClientStateName, InviteClientTimer, InviteClientMessageEffect, ResponseReceived, M>;
  /** The response being handled, while it is. */
  #response: M | undefined;
  /** Built for the first non-2xx final response, sent again for each of its retransmissions. */
  #ack: M | undefined;

  constructor(options: InviteClientTransactionOptions<M>) {
    this.request = options.request;
    this.#user = options.user;
    this.#buildAck = options.buildAck;
    this.#statusOf = options.statusOf;
    this.#runner = new TransactionRunner({
      machine: INVITE_CLIENT,
      initial: startInviteClient({ reliable: options.transport.reliable, config: timerConfig(options.timers) }),
      reduce: reduceInviteClient,
      perform: (effect) => this.#perform(effect),
      transport: options.transport,
      clock: options.clock,
      label: options.label,
      log: options.log,
    });
  }

  get state(): InviteClientStateName {
    return this.#runner.state;
  }

  /** Enters Calling and sends the INVITE. */
  start(): void {
    this.#runner.start();
  }

  /** A response that matched this transaction (§17.1.3). */
  receiveResponse(response: M): void {
    const previous = this.#response;
    this.#response = response;
    try {
      this.#runner.input({ type: 'responseReceived', status: this.#statusOf(response) });
    } finally {
      this.#response = previous;
    }
  }

  onStateChanged(listener: (event: TransactionStateChanged<InviteClientStateName>) => void): () => void {
    return this.#runner.onStateChanged(listener);
  }

  onTerminated(listener: (event: TransactionTerminated) => void): () => void {
    return this.#runner.onTerminated(listener);
  }

  #perform(effect: InviteClientMessageEffect | InformTu): void {
    switch (effect.type) {
      case 'sendRequest':
        return this.#runner.send(this.request);
      case 'sendAck':
        this.#ack ??= this.#buildAck(this.request, this.#currentResponse());
        return this.#runner.send(this.#ack);
      case 'passToTu':
        return this.#user.receiveResponse(this.#currentResponse());
      case 'informTu':
        return effect.failure === 'timeout' ? this.#user.timedOut() : this.#user.transportFailed(this.#runner.transportError);
    }
  }

  #currentResponse(): M {
    if (this.#response === undefined) {
      throw new TransactionError('TRANSACTION_EFFECT_WITHOUT_MESSAGE', 'INVITE client transaction: no response is being handled');
    }
    return this.#response;
  }
}
