import type { InformTu, NonInviteServerMessageEffect } from './transaction-effect.js';
import { TransactionError } from './transaction-error.js';
import type { TransactionStateChanged, TransactionTerminated } from './transaction-events.js';
import type { RequestRetransmitted, TuResponded } from './transaction-input.js';
import {
  NON_INVITE_SERVER,
  reduceNonInviteServer,
  startNonInviteServer,
  type NonInviteServerStateName,
  type NonInviteServerTimer,
} from './non-invite-server-state-machine.js';
import type { TransactionOptions } from './transaction-options.js';
import { TransactionRunner } from './transaction-runner.js';
import { timerConfig } from './transaction-timers.js';
import type { ServerTransactionUser } from './transaction-user.js';

export interface NonInviteServerTransactionOptions<M> extends TransactionOptions<M> {
  /** The request (not INVITE, not ACK) that created the transaction. */
  readonly request: M;
  readonly user: ServerTransactionUser<M>;
}

type Input = RequestRetransmitted | TuResponded;

/**
 * A non-INVITE server transaction (RFC 3261 §17.2.2, RFC 4320): passes the request to the TU,
 * sends the TU's responses, and answers retransmissions of the request with the most recent
 * one until Timer J. Create it, subscribe, then `start()`.
 */
export class NonInviteServerTransaction<M> {
  readonly request: M;
  readonly #user: ServerTransactionUser<M>;
  readonly #statusOf: (response: M) => number;
  readonly #runner: TransactionRunner<NonInviteServerStateName, NonInviteServerTimer, NonInviteServerMessageEffect, Input, M>;
  /** The TU's response being handled, while it is. */
  #incoming: M | undefined;
  /** The most recent response sent, for retransmissions. */
  #lastResponse: M | undefined;

  constructor(options: NonInviteServerTransactionOptions<M>) {
    this.request = options.request;
    this.#user = options.user;
    this.#statusOf = options.statusOf;
    this.#runner = new TransactionRunner({
      machine: NON_INVITE_SERVER,
      initial: startNonInviteServer({ reliable: options.transport.reliable, config: timerConfig(options.timers) }),
      reduce: reduceNonInviteServer,
      perform: (effect) => this.#perform(effect),
      transport: options.transport,
      clock: options.clock,
      label: options.label,
      log: options.log,
    });
  }

  get state(): NonInviteServerStateName {
    return this.#runner.state;
  }

  /** Enters Trying and passes the request to the TU. */
  start(): void {
    this.#runner.start();
  }

  /** A retransmission of the request matched this transaction (§17.2.3). */
  receiveRequest(_retransmission: M): void {
    this.#runner.input({ type: 'requestRetransmitted' });
  }

  /**
   * The TU's response. A provisional response other than 100, or a 408, is a TransactionError
   * (RFC 4320 §4); after the final response the TU's responses are discarded (§17.2.2).
   */
  respond(response: M): void {
    const previous = this.#incoming;
    this.#incoming = response;
    try {
      this.#runner.input({ type: 'tuResponded', status: this.#statusOf(response) });
    } finally {
      this.#incoming = previous;
    }
  }

  onStateChanged(listener: (event: TransactionStateChanged<NonInviteServerStateName>) => void): () => void {
    return this.#runner.onStateChanged(listener);
  }

  onTerminated(listener: (event: TransactionTerminated) => void): () => void {
    return this.#runner.onTerminated(listener);
  }

  #perform(effect: NonInviteServerMessageEffect | InformTu): void {
    switch (effect.type) {
      case 'sendResponse': {
        const response = effect.retransmission ? this.#lastResponse : this.#incoming;
        if (response === undefined) {
          throw new TransactionError('TRANSACTION_EFFECT_WITHOUT_MESSAGE', 'non-INVITE server transaction: no response to send');
        }
        this.#lastResponse = response;
        return this.#runner.send(response);
      }
      case 'passToTu':
        return this.#user.receiveRequest(this.request);
      case 'informTu':
        // Only transport errors: a non-INVITE server transaction has no timeout (§17.2.2).
        return this.#user.transportFailed(this.#runner.transportError);
    }
  }
}
