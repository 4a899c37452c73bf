import type { InformTu, InviteServerMessageEffect } from './transaction-effect.js';
import { TransactionError } from './transaction-error.js';
import type { TransactionStateChanged, TransactionTerminated } from './transaction-events.js';
import type { AckReceived, RequestRetransmitted, TuResponded } from './transaction-input.js';
import {
  INVITE_SERVER,
  reduceInviteServer,
  startInviteServer,
  type InviteServerStateName,
  type InviteServerTimer,
} from './invite-server-state-machine.js';
import type { TransactionOptions } from './transaction-options.js';
import { TransactionRunner } from './transaction-runner.js';
import { timerConfig } from './transaction-timers.js';
import type { InviteServerTransactionUser } from './transaction-user.js';

export interface InviteServerTransactionOptions<M> extends TransactionOptions<M> {
  /** The INVITE that created the transaction. */
  readonly request: M;
  readonly user: InviteServerTransactionUser<M>;
  /**
   * Builds the 100 (Trying) the transaction sends on its own (§17.2.1, §8.2.6.1). Leave it out
   * only when the TU is known to respond within 200 ms.
   */
  readonly buildTrying?: (request: M) => M;
}

type Input = RequestRetransmitted | AckReceived | TuResponded;

/**
 * An INVITE server transaction (RFC 3261 §17.2.1, RFC 6026): answers retransmissions of the
 * INVITE with the most recent response, retransmits a non-2xx final response on Timer G over
 * unreliable transports until the ACK (Timer H gives up), and after a 2xx lets the TU's 2xx
 * retransmissions through and hands it the ACKs until Timer L. Create it, subscribe, `start()`.
 */
export class InviteServerTransaction<M> {
  readonly request: M;
  readonly #user: InviteServerTransactionUser<M>;
  readonly #statusOf: (response: M) => number;
  readonly #buildTrying: ((request: M) => M) | undefined;
  readonly #runner: TransactionRunner<InviteServerStateName, InviteServerTimer, InviteServerMessageEffect, Input, M>;
  /** The response or ACK being handled, while it is. */
  #incoming: M | undefined;
  /** The most recent response sent, for retransmissions. */
  #lastResponse: M | undefined;

  constructor(options: InviteServerTransactionOptions<M>) {
    this.request = options.request;
    this.#user = options.user;
    this.#statusOf = options.statusOf;
    this.#buildTrying = options.buildTrying;
    this.#runner = new TransactionRunner({
      machine: INVITE_SERVER,
      initial: startInviteServer({
        reliable: options.transport.reliable,
        sendTrying: options.buildTrying !== undefined,
        config: timerConfig(options.timers),
      }),
      reduce: reduceInviteServer,
      perform: (effect) => this.#perform(effect),
      transport: options.transport,
      clock: options.clock,
      label: options.label,
      log: options.log,
    });
  }

  get state(): InviteServerStateName {
    return this.#runner.state;
  }

  /** Enters Proceeding, sends 100 (Trying) if it can build one, and passes the INVITE to the TU. */
  start(): void {
    this.#runner.start();
  }

  /** A retransmission of the INVITE matched this transaction (§17.2.3). */
  receiveRequest(_retransmission: M): void {
    this.#runner.input({ type: 'requestRetransmitted' });
  }

  /** An ACK matched this transaction (§17.2.3: same branch, method INVITE). */
  receiveAck(ack: M): void {
    this.#with(ack, () => this.#runner.input({ type: 'ackReceived' }));
  }

  /** The TU's response; a TU that responds where §17.2.1 allows no response gets a TransactionError. */
  respond(response: M): void {
    this.#with(response, () => this.#runner.input({ type: 'tuResponded', status: this.#statusOf(response) }));
  }

  onStateChanged(listener: (event: TransactionStateChanged<InviteServerStateName>) => void): () => void {
    return this.#runner.onStateChanged(listener);
  }

  onTerminated(listener: (event: TransactionTerminated) => void): () => void {
    return this.#runner.onTerminated(listener);
  }

  #with(message: M, handle: () => void): void {
    const previous = this.#incoming;
    this.#incoming = message;
    try {
      handle();
    } finally {
      this.#incoming = previous;
    }
  }

  #perform(effect: InviteServerMessageEffect | InformTu): void {
    switch (effect.type) {
      case 'sendTrying':
        if (this.#buildTrying) this.#sendResponse(this.#buildTrying(this.request));
        return;
      case 'sendResponse':
        return this.#sendResponse(effect.retransmission ? this.#lastResponse : this.#incoming);
      case 'passToTu':
        return effect.message === 'request' ? this.#user.receiveRequest(this.request) : this.#user.receiveAck(this.#required(this.#incoming));
      case 'informTu':
        return effect.failure === 'timeout' ? this.#user.timedOut() : this.#user.transportFailed(this.#runner.transportError);
    }
  }

  #sendResponse(response: M | undefined): void {
    this.#lastResponse = this.#required(response);
    this.#runner.send(this.#lastResponse);
  }

  #required(message: M | undefined): M {
    if (message === undefined) {
      throw new TransactionError('TRANSACTION_EFFECT_WITHOUT_MESSAGE', 'INVITE server transaction: an effect needs a message and has none');
    }
    return message;
  }
}
