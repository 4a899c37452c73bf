import { EventEmitter } from 'node:events';
import {
  commands,
  describeIssues,
  isCommandName,
  isEventName,
  type ApiResult,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayload,
  type ParsedCommandArgs,
} from '../../shared/api-contract.js';

/** What the core does for each command, with arguments already validated. */
export type CommandHandlers = {
  [C in CommandName]: (args: ParsedCommandArgs<C>) => Promise<CommandResult<C>> | CommandResult<C>;
};

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/**
 * The edge where untrusted API calls become typed ones. Transports (Electron IPC, the
 * WebSocket, HTTP) hand it raw `(command, args)`; it answers with an `ApiResult`, never throws.
 */
export class ApiService {
  readonly #handlers: CommandHandlers;
  readonly #events = new EventEmitter();
  readonly #onFault: (command: CommandName, error: unknown) => void;

  constructor(handlers: CommandHandlers, onFault: (command: CommandName, error: unknown) => void = () => {}) {
    this.#handlers = handlers;
    this.#onFault = onFault;
    this.#events.setMaxListeners(0);
  }

  async dispatch(command: unknown, rawArgs: unknown): Promise<ApiResult<unknown>> {
    if (!isCommandName(command)) {
      const shown = typeof command === 'string' ? `'${command.slice(0, 64)}'` : `a ${typeof command}`;
      return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `there is no command ${shown}` } };
    }
    const parsed = commands[command].args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'BAD_ARGUMENT', message: `${command}: ${describeIssues(parsed.error)}` },
      };
    }
    try {
      const handler = this.#handlers[command] as (args: unknown) => Promise<unknown> | unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      const apiError = toApiError(error);
      // A coded refusal (no such call, not now) is the user's answer, not a fault to log.
      if (apiError.code === 'INTERNAL') this.#onFault(command, error);
      return { ok: false, error: apiError };
    }
  }

  /** Pushes an event to every subscribed transport. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.#events.emit('event', name, payload);
  }

  /** One event by name, for the core's own modules (presence follows `contactsChanged`); returns the unsubscribe function. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    const forward = (emitted: unknown, payload: unknown): void => {
      if (emitted === name) listener(payload as EventPayload<E>);
    };
    this.#events.on('event', forward);
    return () => this.#events.off('event', forward);
  }

  /** Subscribes a transport to every event; returns the unsubscribe function. */
  onEvent(listener: EventListener): () => void {
    const forward = (name: unknown, payload: unknown): void => {
      if (isEventName(name)) (listener as (n: EventName, p: unknown) => void)(name, payload);
    };
    this.#events.on('event', forward);
    return () => this.#events.off('event', forward);
  }
}

/** Errors with a stable code that the API may show; anything else is an internal fault. */
export interface CodedError {
  readonly code: string;
  readonly message: string;
  readonly apiCode?: 'BAD_ARGUMENT' | 'UNAVAILABLE';
}

function toApiError(error: unknown): { code: 'BAD_ARGUMENT' | 'UNAVAILABLE' | 'INTERNAL'; message: string } {
  if (typeof error === 'object' && error !== null && 'apiCode' in error && 'message' in error) {
    const coded = error as CodedError;
    if (coded.apiCode) return { code: coded.apiCode, message: coded.message };
  }
  return { code: 'INTERNAL', message: 'the core failed to do this; see its log for details' };
}
