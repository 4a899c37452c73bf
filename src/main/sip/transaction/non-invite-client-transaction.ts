import type { NonInviteClientMessageEffect, InformTu } from './transaction-effect.js';
import { TransactionError } from './transaction-error.js';
import type { TransactionStateChanged, TransactionTerminated } from './transaction-events.js';
import type { ResponseReceived } from './transaction-input.js';
import {
  NON_INVITE_CLIENT,
  reduceNonInviteClient,
  startNonInviteClient,
  type NonInviteClientStateName,
  type NonInviteClientTimer,
} from './non-invite-client-state-machine.js';
import type { TransactionOptions } from './transaction-options.js';
import { TransactionRunner } from './transaction-runner.js';
import { timerConfig } from './transaction-timers.js';
import type { ClientTransactionUser } from './transaction-user.js';

export interface NonInviteClientTransactionOptions<M> extends TransactionOptions<M> {
  /** The request (not INVITE, not ACK), ready to send with the transaction's branch. */
  readonly request: M;
  readonly user: ClientTransactionUser<M>;
}

/**
 * A non-INVITE client transaction (RFC 3261 §17.1.2): sends the request, retransmits it on
 * Timer E over unreliable transports (doubling up to T2, and at T2 once a provisional response
 * came), gives up on Timer F, and absorbs response retransmissions until Timer K.
 * Create it, subscribe, then `start()`.
 */
export class NonInviteClientTransaction<M> {
  readonly request: M;
  readonly #user: ClientTransactionUser<M>;
  readonly #statusOf: (response: M) => number;
  readonly #runner: TransactionRunner<NonInviteClientStateName, NonInviteClientTimer, NonInviteClientMessageEffect, ResponseReceived, M>;
  /** The response being handled, while it is. */
  #response: M | undefined;

  constructor(options: NonInviteClientTransactionOptions<M>) {
    this.request = options.request;
    this.#user = options.user;
    this.#statusOf = options.statusOf;
    this.#runner = new TransactionRunner({
      machine: NON_INVITE_CLIENT,
      initial: startNonInviteClient({ reliable: options.transport.reliable, config: timerConfig(options.timers) }),
      reduce: reduceNonInviteClient,
      perform: (effect) => this.#perform(effect),
      transport: options.transport,
      clock: options.clock,
      label: options.label,
      log: options.log,
    });
  }

  get state(): NonInviteClientStateName {
    return this.#runner.state;
  }

  /** Enters Trying and sends the request. */
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

  onStateChanged(listener: (event: TransactionStateChanged<NonInviteClientStateName>) => void): () => void {
    return this.#runner.onStateChanged(listener);
  }

  onTerminated(listener: (event: TransactionTerminated) => void): () => void {
    return this.#runner.onTerminated(listener);
  }

  #perform(effect: NonInviteClientMessageEffect | InformTu): void {
    switch (effect.type) {
      case 'sendRequest':
        return this.#runner.send(this.request);
      case 'passToTu':
        return this.#user.receiveResponse(this.#currentResponse());
      case 'informTu':
        return effect.failure === 'timeout' ? this.#user.timedOut() : this.#user.transportFailed(this.#runner.transportError);
    }
  }

  #currentResponse(): M {
    if (this.#response === undefined) {
      throw new TransactionError('TRANSACTION_EFFECT_WITHOUT_MESSAGE', 'non-INVITE client transaction: no response is being handled');
    }
    return this.#response;
  }
}
