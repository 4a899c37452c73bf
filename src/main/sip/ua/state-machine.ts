import { SipUaError } from './sip-ua-error.js';

/**
 * An explicit state machine (STYLE.md habit 4): a string-literal union of states, a table of
 * allowed moves, and one `transition()` that checks, logs and reports. The UA core's objects
 * (incoming and outgoing INVITEs, sessions, subscriptions, registrations) each own one.
 */
export class StateMachine<S extends string> {
  readonly #name: string;
  readonly #moves: Readonly<Record<S, readonly S[]>>;
  readonly #onChange: ((from: S, to: S) => void) | undefined;
  #state: S;

  constructor(name: string, initial: S, moves: Readonly<Record<S, readonly S[]>>, onChange?: (from: S, to: S) => void) {
    this.#name = name;
    this.#state = initial;
    this.#moves = moves;
    this.#onChange = onChange;
  }

  get state(): S {
    return this.#state;
  }

  is(...states: readonly S[]): boolean {
    return states.includes(this.#state);
  }

  can(to: S): boolean {
    return this.#moves[this.#state].includes(to);
  }

  /** Moves to `to`, or throws UA_STATE_MOVE_NOT_ALLOWED; staying put is not a move. */
  transition(to: S): void {
    if (to === this.#state) return;
    if (!this.can(to)) throw new SipUaError('UA_STATE_MOVE_NOT_ALLOWED', `${this.#name}: no move from ${this.#state} to ${to}`);
    const from = this.#state;
    this.#state = to;
    this.#onChange?.(from, to);
  }
}
