import type { Clock, TimerHandle } from '../../clock.js';
import { TypedEmitter } from '../../typed-emitter.js';
import type { InformTu, MessageEffect, TransactionEffect } from './transaction-effect.js';
import { TransactionError } from './transaction-error.js';
import type { TransactionEvents, TransactionStateChanged, TransactionTerminated } from './transaction-events.js';
import { describeInput, type TimerFired, type TransportError } from './transaction-input.js';
import type { MachineSpec, Step, TransactionState } from './transaction-state-machine.js';
import type { TransactionTransport } from './transaction-transport.js';

export interface TransactionRunnerOptions<N extends string, T extends string, X extends MessageEffect, I, M> {
  readonly machine: MachineSpec<N, T>;
  readonly initial: Step<N, T, X>;
  readonly reduce: (state: TransactionState<N, T>, input: I | TimerFired<T> | TransportError) => Step<N, T, X>;
  /** Performs the effects that need messages or the TU, which only the adapter knows. */
  readonly perform: (effect: X | InformTu) => void;
  readonly transport: TransactionTransport<M>;
  readonly clock: Clock;
  readonly label?: string;
  readonly log?: (line: string) => void;
}

/**
 * The shell around one state machine, shared by the four adapters: it runs the machine's
 * steps, owns its timers on the injected Clock (started and cancelled only as the steps say,
 * so a state's timers die with it), sends through the transport, turns send failures into
 * transport-error inputs, and logs and emits each state change.
 */
export class TransactionRunner<N extends string, T extends string, X extends MessageEffect, I extends { readonly type: string }, M> {
  readonly #options: TransactionRunnerOptions<N, T, X, I, M>;
  readonly #timers = new Map<T, TimerHandle>();
  readonly #events = new TypedEmitter<TransactionEvents<N>>();
  #state: TransactionState<N, T>;
  #started = false;
  #transportError: unknown;
  /** A send that threw during a step; reported when that step's effects are done. */
  #failedSend: { readonly error: unknown } | undefined;

  constructor(options: TransactionRunnerOptions<N, T, X, I, M>) {
    this.#options = options;
    this.#state = options.initial.state;
  }

  get state(): N {
    return this.#state.name;
  }

  /** The error behind the most recent transport error, for the TU. */
  get transportError(): unknown {
    return this.#transportError;
  }

  start(): void {
    if (this.#started) throw new TransactionError('TRANSACTION_ALREADY_STARTED', `${this.#name()} has already started`);
    this.#started = true;
    this.#options.log?.(`${this.#name()}: started in ${this.#state.name}`);
    this.#apply(this.#options.initial, 'start');
  }

  input(input: I | TimerFired<T> | TransportError): void {
    if (!this.#started) throw new TransactionError('TRANSACTION_NOT_STARTED', `${this.#name()} has not started`);
    this.#apply(this.#options.reduce(this.#state, input), describeInput(input));
  }

  send(message: M): void {
    try {
      const sent = this.#options.transport.send(message);
      if (sent) sent.then(undefined, (error: unknown) => this.#transportFailed(error));
    } catch (error) {
      // Reporting it now would run a step inside this one; the step finishes first.
      this.#failedSend ??= { error };
    }
  }

  onStateChanged(listener: (event: TransactionStateChanged<N>) => void): () => void {
    return this.#events.on('stateChanged', listener);
  }

  onTerminated(listener: (event: TransactionTerminated) => void): () => void {
    return this.#events.on('terminated', listener);
  }

  #apply(step: Step<N, T, X>, cause: string): void {
    const from = this.#state.name;
    this.#state = step.state;
    if (from !== step.state.name) {
      this.#options.log?.(`${this.#name()}: ${from} → ${step.state.name} on ${cause}`);
      this.#events.emit('stateChanged', { from, to: step.state.name });
    }
    for (const effect of step.effects) this.#perform(effect);
    const failed = this.#failedSend;
    this.#failedSend = undefined;
    if (failed) this.#transportFailed(failed.error);
  }

  #perform(effect: TransactionEffect<T, X>): void {
    if (effect.type === 'startTimer') this.#startTimer(effect.timer, effect.ms);
    else if (effect.type === 'cancelTimer') this.#cancelTimer(effect.timer);
    else if (effect.type === 'terminated') this.#events.emit('terminated', { reason: effect.reason });
    else this.#options.perform(effect);
  }

  #startTimer(timer: T, ms: number): void {
    this.#cancelTimer(timer);
    const handle = this.#options.clock.setTimer(ms, () => {
      this.#timers.delete(timer);
      this.input({ type: 'timerFired', timer });
    });
    this.#timers.set(timer, handle);
  }

  #cancelTimer(timer: T): void {
    this.#timers.get(timer)?.cancel();
    this.#timers.delete(timer);
  }

  #transportFailed(error: unknown): void {
    this.#transportError = error;
    this.input({ type: 'transportError' });
  }

  #name(): string {
    return `${this.#options.machine.kind} transaction${this.#options.label ? ` ${this.#options.label}` : ''}`;
  }
}
