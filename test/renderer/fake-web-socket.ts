import type { WebSocketLike } from '../../src/renderer/core/ws-api-client.js';

type Listener = (event: { readonly data: unknown }) => void;

/** A WebSocket the test drives by hand: it records what the client sends and fires what the test says. */
export class FakeWebSocket implements WebSocketLike {
  static readonly created: FakeWebSocket[] = [];

  static reset(): void {
    FakeWebSocket.created.length = 0;
  }

  static latest(): FakeWebSocket {
    const socket = FakeWebSocket.created.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }

  readonly url: string;
  readyState = 0;
  readonly sent: string[] = [];
  closedByClient = false;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(url: string) {
    this.url = url;
    FakeWebSocket.created.push(this);
  }

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('InvalidStateError: not open');
    this.sent.push(data);
  }

  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }

  addEventListener(type: string, listener: Listener | (() => void)): void {
    const list = this.#listeners.get(type) ?? [];
    list.push(listener);
    this.#listeners.set(type, list);
  }

  /** The server accepted the socket. */
  open(): void {
    this.readyState = 1;
    this.#fire('open', { data: undefined });
  }

  /** The server sent `message` (an object is sent as JSON text). */
  receive(message: unknown): void {
    this.#fire('message', { data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  receiveRaw(data: unknown): void {
    this.#fire('message', { data });
  }

  /** The connection dropped (or was refused), as the browser reports it: error, then close. */
  drop(): void {
    this.readyState = 3;
    this.#fire('error', { data: undefined });
    this.#fire('close', { data: undefined });
  }

  /** The requests the client sent, parsed. */
  requests(): Array<{ type: string; id: number; command: string; args: unknown }> {
    return this.sent.map((text) => JSON.parse(text) as { type: string; id: number; command: string; args: unknown });
  }

  #fire(type: string, event: { readonly data: unknown }): void {
    for (const listener of this.#listeners.get(type) ?? []) listener(event);
  }
}
