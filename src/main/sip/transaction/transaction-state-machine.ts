import type { InformTu, MessageEffect, TransactionEffect } from './transaction-effect.js';
import { isTuEffect } from './transaction-effect.js';
import { TransactionError } from './transaction-error.js';
import { DEFAULT_TIMER_CONFIG, type TransactionTimerConfig } from './transaction-timers.js';
import type { TerminationReason } from './termination-reason.js';

/**
 * The machinery the four transaction state machines share (RFC 3261 §17): a state, a table of
 * allowed moves, a table saying which states each timer belongs to, one transition() that
 * checks a move and cancels the timers that die with the state it leaves, and a builder that
 * assembles a step's effects. Pure and synchronous: no clock, no I/O.
 */
export interface TransactionState<N extends string, T extends string> {
  readonly name: N;
  /** Reliable transports start no retransmission timers and zero the wait timers (§17.1.1.2). */
  readonly reliable: boolean;
  readonly config: TransactionTimerConfig;
  /** The timers now running, in RFC letter order. */
  readonly running: readonly T[];
  /** The interval the retransmission timer (A, E or G) was last started with; 0 before that. */
  readonly interval: number;
  /** Server transactions: a response was sent, so a retransmitted request gets it again. */
  readonly responseSent: boolean;
}

export interface Step<N extends string, T extends string, X extends MessageEffect> {
  readonly state: TransactionState<N, T>;
  readonly effects: readonly TransactionEffect<T, X>[];
}

export interface MachineSpec<N extends string, T extends string> {
  /** 'INVITE client', 'non-INVITE server', ... for logs and errors. */
  readonly kind: string;
  readonly initial: N;
  readonly terminated: N;
  /** The allowed moves: from each state, the states it may go to. Staying is not a move. */
  readonly moves: Readonly<Record<N, readonly N[]>>;
  /** The states each timer belongs to; leaving them cancels it. */
  readonly timerStates: Readonly<Record<T, readonly N[]>>;
}

export type TimerEvent<T extends string> = `Timer ${T} fires`;

export function timerEvent<T extends string>(timer: T): TimerEvent<T> {
  return `Timer ${timer} fires`;
}

export function initialState<N extends string, T extends string>(
  machine: MachineSpec<N, T>,
  options: { readonly reliable: boolean; readonly config?: TransactionTimerConfig },
): TransactionState<N, T> {
  return { name: machine.initial, reliable: options.reliable, config: options.config ?? DEFAULT_TIMER_CONFIG, running: [], interval: 0, responseSent: false };
}

/**
 * The one way a state machine changes state: refuses a move missing from the table and names
 * the timers that die with the state it leaves. The adapter logs and emits the change.
 */
export function transition<N extends string, T extends string>(
  machine: MachineSpec<N, T>,
  state: TransactionState<N, T>,
  to: N,
): { readonly state: TransactionState<N, T>; readonly cancelled: readonly T[] } {
  if (!machine.moves[state.name].includes(to)) {
    throw new TransactionError('TRANSACTION_MOVE_NOT_ALLOWED', `${machine.kind} transaction: no move from ${state.name} to ${to}`);
  }
  const cancelled = state.running.filter((timer) => !machine.timerStates[timer].includes(to));
  const running = state.running.filter((timer) => !cancelled.includes(timer));
  return { state: { ...state, name: to, running }, cancelled };
}

/** Assembles one step. Effects that call the TU go last, so the TU sees the step complete. */
export class StepBuilder<N extends string, T extends string, X extends MessageEffect> {
  readonly #machine: MachineSpec<N, T>;
  #state: TransactionState<N, T>;
  readonly #effects: TransactionEffect<T, X>[] = [];
  readonly #tuEffects: (X | InformTu)[] = [];

  constructor(machine: MachineSpec<N, T>, state: TransactionState<N, T>) {
    this.#machine = machine;
    this.#state = state;
  }

  get state(): TransactionState<N, T> {
    return this.#state;
  }

  moveTo(to: N): this {
    const moved = transition(this.#machine, this.#state, to);
    this.#state = moved.state;
    for (const timer of moved.cancelled) this.#effects.push({ type: 'cancelTimer', timer });
    return this;
  }

  add(effect: X): this {
    if (effect.type === 'sendResponse' || effect.type === 'sendTrying') this.#state = { ...this.#state, responseSent: true };
    if (isTuEffect(effect)) this.#tuEffects.push(effect);
    else this.#effects.push(effect);
    return this;
  }

  startTimer(timer: T, ms: number): this {
    if (!this.#machine.timerStates[timer].includes(this.#state.name)) {
      throw new TransactionError('TRANSACTION_TIMER_OUTSIDE_STATE', `${this.#machine.kind} transaction: Timer ${timer} does not belong to ${this.#state.name}`);
    }
    const running = [...this.#state.running.filter((t) => t !== timer), timer].sort();
    this.#state = { ...this.#state, running };
    this.#effects.push({ type: 'startTimer', timer, ms });
    return this;
  }

  /** Starts a retransmission timer (A, E or G) and remembers its interval for the next doubling. */
  startRetransmitTimer(timer: T, ms: number): this {
    this.startTimer(timer, ms);
    this.#state = { ...this.#state, interval: ms };
    return this;
  }

  /** A timer that fired is no longer running; the adapter has already dropped it. */
  timerFired(timer: T): this {
    this.#state = { ...this.#state, running: this.#state.running.filter((t) => t !== timer) };
    return this;
  }

  informTu(failure: InformTu['failure']): this {
    this.#tuEffects.push({ type: 'informTu', failure });
    return this;
  }

  /** Enters Terminated; a timeout or transport error is also reported to the TU. */
  terminate(reason: TerminationReason): this {
    this.moveTo(this.#machine.terminated);
    this.#effects.push({ type: 'terminated', reason });
    return reason === 'normal' ? this : this.informTu(reason);
  }

  build(): Step<N, T, X> {
    return { state: this.#state, effects: [...this.#effects, ...this.#tuEffects] };
  }
}

/** An input the RFC tells the transaction to absorb: no state change, no effect. */
export const IGNORED = 'ignored';

export type Rule<N extends string, T extends string, X extends MessageEffect> =
  | typeof IGNORED
  | ((step: StepBuilder<N, T, X>) => StepBuilder<N, T, X>);

/** For each state, what each event does there; an event missing from a state is a fault. */
export type RuleTable<N extends string, E extends string, T extends string, X extends MessageEffect> = Readonly<
  Record<N, Readonly<Partial<Record<E, Rule<N, T, X>>>>>
>;

/** Applies the rule for `event` in the current state; `fired` names the timer behind a timer event. */
export function react<N extends string, E extends string, T extends string, X extends MessageEffect>(
  machine: MachineSpec<N, T>,
  rules: RuleTable<N, E, T, X>,
  state: TransactionState<N, T>,
  event: E,
  fired?: T,
): Step<N, T, X> {
  if (fired !== undefined && !state.running.includes(fired)) {
    throw new TransactionError('TRANSACTION_INPUT_NOT_ALLOWED', `${machine.kind} transaction: Timer ${fired} fired but is not running in ${state.name}`);
  }
  const rule = rules[state.name][event];
  if (rule === undefined) {
    throw new TransactionError('TRANSACTION_INPUT_NOT_ALLOWED', `${machine.kind} transaction: ${event} is not allowed in ${state.name}`);
  }
  if (rule === IGNORED) return { state, effects: [] };
  const step = new StepBuilder<N, T, X>(machine, state);
  if (fired !== undefined) step.timerFired(fired);
  return rule(step).build();
}
