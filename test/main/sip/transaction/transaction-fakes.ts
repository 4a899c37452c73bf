import type { TransactionTransport } from '../../../../src/main/sip/transaction/transaction-transport.js';
import type { ClientTransactionUser, InviteServerTransactionUser } from '../../../../src/main/sip/transaction/transaction-user.js';
import type { FakeClock } from '../../../helpers/fake-clock.js';

/** A stand-in for the message layer's classes: the transactions only pass messages around. */
export interface FakeMessage {
  readonly name: string;
  readonly status?: number;
}

export const request = (method: string): FakeMessage => ({ name: method });
export const response = (status: number, name = String(status)): FakeMessage => ({ name, status });

export function statusOf(message: FakeMessage): number {
  if (message.status === undefined) throw new Error(`${message.name} is not a response`);
  return message.status;
}

export const buildAck = (_request: FakeMessage, final: FakeMessage): FakeMessage => ({ name: `ACK ${final.name}` });
export const buildTrying = (): FakeMessage => response(100, '100 Trying');

/** Records what was sent, and when; fails the next send on request. */
export class RecordingTransport implements TransactionTransport<FakeMessage> {
  readonly sent: { readonly at: number; readonly name: string }[] = [];
  failNext: 'throw' | 'reject' | undefined;
  readonly #clock: FakeClock;

  constructor(
    clock: FakeClock,
    readonly reliable: boolean,
  ) {
    this.#clock = clock;
  }

  send(message: FakeMessage): void | Promise<void> {
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure === 'throw') throw new Error('EHOSTUNREACH');
    if (failure === 'reject') return Promise.reject(new Error('ECONNRESET'));
    this.sent.push({ at: this.#clock.now(), name: message.name });
  }

  /** The times at which `name` was sent, in seconds. */
  secondsOf(name: string): number[] {
    return this.sent.filter((s) => s.name === name).map((s) => s.at / 1000);
  }

  names(): string[] {
    return this.sent.map((s) => s.name);
  }
}

/** Records every call a transaction makes to its TU, in order. */
export class RecordingUser implements ClientTransactionUser<FakeMessage>, InviteServerTransactionUser<FakeMessage> {
  readonly calls: string[] = [];
  /** Runs inside receiveRequest, e.g. to respond at once. */
  onRequest: (() => void) | undefined;

  receiveResponse(message: FakeMessage): void {
    this.calls.push(`response ${message.name}`);
  }

  receiveRequest(message: FakeMessage): void {
    this.calls.push(`request ${message.name}`);
    this.onRequest?.();
  }

  receiveAck(message: FakeMessage): void {
    this.calls.push(`ack ${message.name}`);
  }

  timedOut(): void {
    this.calls.push('timed out');
  }

  transportFailed(error: unknown): void {
    this.calls.push(`transport failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Lets a rejected send's promise settle. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
