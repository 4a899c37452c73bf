import {
  COMMAND_NAMES,
  commands,
  describeIssues,
  events,
  isEventName,
  WireServerMessageSchema,
  type ApiResult,
  type CommandArgs,
  type CommandName,
  type CommandResult,
  type EventName,
  type EventPayload,
  type ParleyApi,
  type WireRequest,
} from '../../shared/api-contract.js';
import type { CoreConnection, CoreLinkState } from './core-connection.js';
import { reconnectBackoff } from './reconnect-backoff.js';

/** The part of the DOM WebSocket the client uses, so tests can hand it a fake. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Runs `callback` after `delayMs`; returns the function that cancels it. */
export type Schedule = (callback: () => void, delayMs: number) => () => void;

export type WsApiClientOptions = {
  url: string;
  WebSocket: WebSocketConstructor;
  schedule?: Schedule;
  /** Told about messages that break the contract (they are dropped) and about failing listeners. */
  warn?: (message: string) => void;
};

/** WebSocket.OPEN: the only state in which `send` is allowed. */
const SOCKET_OPEN = 1;

type Pending = { command: CommandName; resolve: (result: ApiResult<unknown>) => void };
type EventListenerFn = (payload: unknown) => void;

const defaultSchedule: Schedule = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  return () => clearTimeout(handle);
};

function unavailable(message: string): ApiResult<never> {
  return { ok: false, error: { code: 'UNAVAILABLE', message } };
}

/**
 * The served-mode transport (`parley serve`): the typed API over one WebSocket, with requests
 * matched to responses by id, events fanned out to subscribers, and reconnection with backoff.
 * Everything that arrives is checked against the contract before anyone sees it.
 */
export class WsApiClient implements CoreConnection {
  readonly api: ParleyApi;

  readonly #url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #schedule: Schedule;
  readonly #warn: (message: string) => void;

  #state: CoreLinkState = 'connecting';
  #socket: WebSocketLike | null = null;
  #started = false;
  #closed = false;
  #failedAttempts = 0;
  #cancelRetry: (() => void) | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #eventListeners = new Map<EventName, Set<EventListenerFn>>();
  readonly #stateListeners = new Set<(state: CoreLinkState) => void>();

  constructor(options: WsApiClientOptions) {
    this.#url = options.url;
    this.#WebSocket = options.WebSocket;
    this.#schedule = options.schedule ?? defaultSchedule;
    this.#warn = options.warn ?? ((message) => console.warn(`parley api: ${message}`));
    this.api = this.#createApi();
  }

  get state(): CoreLinkState {
    return this.#state;
  }

  /** Opens the first socket; later ones are opened by the reconnect loop. Returns `this`. */
  start(): this {
    if (!this.#started && !this.#closed) {
      this.#started = true;
      this.#open();
    }
    return this;
  }

  /** Stops for good: closes the socket, cancels the retry and fails what is pending. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelRetry?.();
    this.#cancelRetry = null;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'client closed');
    this.#failPending('the connection to the Parley core was closed');
    this.#setState('disconnected');
  }

  onStateChanged(listener: (state: CoreLinkState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  request<C extends CommandName>(command: C, args: CommandArgs<C>): Promise<ApiResult<CommandResult<C>>> {
    const socket = this.#socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) {
      return Promise.resolve(unavailable('not connected to the Parley core'));
    }
    const id = this.#nextId++;
    const message: WireRequest = { type: 'request', id, command, args };
    return new Promise((resolve) => {
      // The response is validated against `commands[command].result` before it resolves this.
      const settle = resolve as (result: ApiResult<unknown>) => void;
      this.#pending.set(id, { command, resolve: settle });
      try {
        socket.send(JSON.stringify(message));
      } catch (error) {
        this.#pending.delete(id);
        settle(unavailable(`could not send ${command}: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let listeners = this.#eventListeners.get(event);
    if (!listeners) {
      listeners = new Set();
      this.#eventListeners.set(event, listeners);
    }
    // Payloads are parsed with `events[event]` before listeners are called.
    const untyped = listener as EventListenerFn;
    listeners.add(untyped);
    return () => {
      listeners.delete(untyped);
    };
  }

  #createApi(): ParleyApi {
    const api: Record<string, unknown> = {
      on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => this.on(event, listener),
    };
    for (const command of COMMAND_NAMES) {
      api[command] = (args: CommandArgs<typeof command>) => this.request(command, args);
    }
    // One function per command name, built from the contract's own list.
    return api as ParleyApi;
  }

  #open(): void {
    let socket: WebSocketLike;
    try {
      socket = new this.#WebSocket(this.#url);
    } catch (error) {
      this.#warn(`cannot open ${this.#url}: ${error instanceof Error ? error.message : String(error)}`);
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.addEventListener('open', () => {
      if (socket !== this.#socket) return;
      this.#failedAttempts = 0;
      this.#setState('connected');
    });
    socket.addEventListener('message', (event) => {
      if (socket === this.#socket) this.#receive(event.data);
    });
    // An 'error' is always followed by 'close', which is where the loss is handled.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', () => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.#failPending('the connection to the Parley core was lost');
      this.#setState('disconnected');
      this.#scheduleReconnect();
    });
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    const delay = reconnectBackoff(this.#failedAttempts);
    this.#failedAttempts += 1;
    this.#cancelRetry = this.#schedule(() => {
      this.#cancelRetry = null;
      if (!this.#closed) this.#open();
    }, delay);
  }

  #receive(data: unknown): void {
    if (typeof data !== 'string') {
      this.#warn('dropped a binary message; the API speaks JSON text');
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.#warn('dropped a message that is not JSON');
      return;
    }
    const parsed = WireServerMessageSchema.safeParse(json);
    if (!parsed.success) {
      this.#warn(`dropped a message that is not a response or event: ${describeIssues(parsed.error)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'event') this.#deliverEvent(message.name, message.payload);
    else if (message.ok) this.#settle(message.id, { ok: true, value: message.value });
    else this.#settle(message.id, { ok: false, error: message.error });
  }

  #settle(id: number, result: ApiResult<unknown>): void {
    const pending = this.#pending.get(id);
    if (!pending) {
      this.#warn(`dropped a response to request ${id}, which is not pending`);
      return;
    }
    this.#pending.delete(id);
    if (!result.ok) {
      pending.resolve(result);
      return;
    }
    const value = commands[pending.command].result.safeParse(result.value);
    if (value.success) {
      pending.resolve({ ok: true, value: value.data });
    } else {
      const message = `the core answered ${pending.command} with an unexpected value: ${describeIssues(value.error)}`;
      this.#warn(message);
      pending.resolve({ ok: false, error: { code: 'INTERNAL', message } });
    }
  }

  #deliverEvent(name: string, payload: unknown): void {
    if (!isEventName(name)) {
      this.#warn(`dropped the unknown event '${name.slice(0, 64)}'`);
      return;
    }
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) {
      this.#warn(`dropped a ${name} event with a bad payload: ${describeIssues(parsed.error)}`);
      return;
    }
    for (const listener of [...(this.#eventListeners.get(name) ?? [])]) {
      try {
        listener(parsed.data);
      } catch (error) {
        this.#warn(`a ${name} listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  #failPending(message: string): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { resolve } of pending) resolve(unavailable(message));
  }

  #setState(state: CoreLinkState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const listener of [...this.#stateListeners]) listener(state);
  }
}
