import type { InviteClientMessageEffect, InformTu } from './transaction-effect.js';
import { TransactionError } from './transaction-error.js';
import type { TransactionStateChanged, TransactionTerminated } from './transaction-events.js';
import type { ResponseReceived, TimerFired, TransportError } from './transaction-input.js';
import type { TransactionOptions } from './transaction-options.js';
import { TransactionRunner } from './transaction-runner.js';
import type { MachineSpec, Step, TransactionState } from './transaction-state-machine.js';
import { timerConfig, type TransactionTimerConfig } from './transaction-timers.js';
import type { ClientTransactionUser } from './transaction-user.js';

export interface ClientTransactionOptions<M> extends TransactionOptions<M> {
  /** The request, ready to send (its top Via carries the transaction's branch). */
  readonly request: M;
  readonly user: ClientTransactionUser<M>;
}

/** What distinguishes the two client transactions: their machine, and the INVITE's own ACK. */
export interface ClientMachine<N extends string, T extends string, X extends InviteClientMessageEffect, M> {
  /** For error messages: `INVITE client transaction`. */
  readonly label: string;
  readonly machine: MachineSpec<N, T>;
  readonly start: (options: { readonly reliable: boolean; readonly config?: TransactionTimerConfig }) => Step<N, T, X>;
  readonly reduce: (state: TransactionState<N, T>, input: ResponseReceived | TimerFired<T> | TransportError) => Step<N, T, X>;
  /** The ACK for a non-2xx final response (§17.1.1.3); only the INVITE machine asks for one. */
  readonly buildAck?: (request: M, response: M) => M;
}

/**
 * The adapter both client transactions share (RFC 3261 §17.1): it feeds matched responses to
 * the machine and performs its effects — send the request, hand responses to the TU, and for
 * an INVITE send the non-2xx ACK, built once and resent for each retransmitted final.
 */
export class ClientTransaction<N extends string, T extends string, X extends InviteClientMessageEffect, M> {
  readonly request: M;
  readonly #user: ClientTransactionUser<M>;
  readonly #statusOf: (response: M) => number;
  readonly #label: string;
  readonly #buildAck: ((request: M, response: M) => M) | undefined;
  readonly #runner: TransactionRunner<N, T, X, ResponseReceived, M>;
  /** The response being handled, while it is. */
  #response: M | undefined;
  /** Built for the first non-2xx final response, sent again for each of its retransmissions. */
  #ack: M | undefined;

  protected constructor(options: ClientTransactionOptions<M>, spec: ClientMachine<N, T, X, M>) {
    this.request = options.request;
    this.#user = options.user;
    this.#statusOf = options.statusOf;
    this.#label = spec.label;
    this.#buildAck = spec.buildAck;
    this.#runner = new TransactionRunner({
      machine: spec.machine,
      initial: spec.start({ reliable: options.transport.reliable, config: timerConfig(options.timers) }),
      reduce: spec.reduce,
      perform: (effect) => this.#perform(effect),
      transport: options.transport,
      clock: options.clock,
      label: options.label,
      log: options.log,
    });
  }

  get state(): N {
    return this.#runner.state;
  }

  /** Enters the first state (Calling or Trying) and sends the request. */
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

  onStateChanged(listener: (event: TransactionStateChanged<N>) => void): () => void {
    return this.#runner.onStateChanged(listener);
  }

  onTerminated(listener: (event: TransactionTerminated) => void): () => void {
    return this.#runner.onTerminated(listener);
  }

  #perform(performed: X | InformTu): void {
    const effect: InviteClientMessageEffect | InformTu = performed;
    switch (effect.type) {
      case 'sendRequest':
        return this.#runner.send(this.request);
      case 'sendAck': {
        if (!this.#buildAck) throw new TransactionError('TRANSACTION_EFFECT_WITHOUT_MESSAGE', `${this.#label}: no ACK builder`);
        this.#ack ??= this.#buildAck(this.request, this.#currentResponse());
        return this.#runner.send(this.#ack);
      }
      case 'passToTu':
        return this.#user.receiveResponse(this.#currentResponse());
      case 'informTu':
        return effect.failure === 'timeout' ? this.#user.timedOut() : this.#user.transportFailed(this.#runner.transportError);
    }
  }

  #currentResponse(): M {
    if (this.#response === undefined) {
      throw new TransactionError('TRANSACTION_EFFECT_WITHOUT_MESSAGE', `${this.#label}: no response is being handled`);
    }
    return this.#response;
  }
}
