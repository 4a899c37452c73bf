/**
 * Helpers for the transport tests: messages, bounded waits (no sleeps), and raw UDP/TCP peers
 * that send bytes the way a broken or hostile peer would.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createRequest, createVia, formatVia, type SipFramerEvent, type SipRequest, SipStreamFramer } from '../../../../src/main/sip/message/index.js';
import { type Inbound } from '../../../../src/main/sip/transport/index.js';

export const LOOPBACK = '127.0.0.1';

/** Rejects after `ms` so a test fails in bounded time instead of hanging. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `condition` on every turn of the event loop until it holds, for at most `ms`. */
export async function eventually(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A FIFO of things that arrive asynchronously, read with a bounded wait. */
export class Queue<T> {
  readonly items: T[] = [];
  readonly #waiters: ((item: T) => void)[] = [];

  push = (item: T): void => {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  };

  next(what = 'the next item', ms = 3000): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return within(new Promise<T>((resolve) => this.#waiters.push(resolve)), ms, what);
  }
}

/** Everything a layer passes up on one side (requests or responses). */
export function inbox<M>(subscribe: (listener: (inbound: Inbound<M>) => void) => () => void): Queue<Inbound<M>> {
  const queue = new Queue<Inbound<M>>();
  subscribe(queue.push);
  return queue;
}

export interface ViaInit {
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  readonly rport?: boolean;
}

let branchCounter = 0;

/** An OPTIONS whose top Via is `via`; a body pads it to a size. */
export function optionsRequest(via: ViaInit, init: { body?: string; callId?: string; cseq?: number } = {}): SipRequest {
  const branch = `z9hG4bKtest${++branchCounter}`;
  return createRequest({
    method: 'OPTIONS',
    requestUri: 'sip:bob@127.0.0.1',
    headers: [
      ['Via', formatVia(createVia({ ...via, branch }))],
      ['Max-Forwards', '70'],
      ['From', '<sip:alice@127.0.0.1>;tag=a1'],
      ['To', '<sip:bob@127.0.0.1>'],
      ['Call-ID', init.callId ?? `call-${branch}`],
      ['CSeq', `${init.cseq ?? 1} OPTIONS`],
    ],
    ...(init.body === undefined ? {} : { body: init.body, contentType: 'text/plain' }),
  });
}

/** Raw text of a message: CRLF-joined lines, the empty line, then the body. */
export function rawMessage(lines: readonly string[], body = ''): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n' + body, 'utf8');
}

/** An OPTIONS as a peer would write it, with Content-Length; `via` is the whole Via value. */
export function rawOptions(via: string, extra: readonly string[] = [], body = ''): Buffer {
  return rawMessage(
    [
      'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
      `Via: ${via}`,
      'Max-Forwards: 70',
      'From: <sip:raw@127.0.0.1>;tag=r1',
      'To: <sip:bob@127.0.0.1>',
      `Call-ID: raw-${++branchCounter}`,
      'CSeq: 1 OPTIONS',
      ...extra,
      `Content-Length: ${Buffer.byteLength(body)}`,
    ],
    body,
  );
}

/** A bare UDP socket on 127.0.0.1 that records every datagram it gets. */
export class RawUdp {
  readonly received = new Queue<Buffer>();
  readonly #socket: UdpSocket;

  private constructor(socket: UdpSocket) {
    this.#socket = socket;
    socket.on('message', (datagram) => this.received.push(datagram));
  }

  static async open(): Promise<RawUdp> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, LOOPBACK, resolve));
    return new RawUdp(socket);
  }

  get port(): number {
    return this.#socket.address().port;
  }

  send(bytes: Uint8Array, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.#socket.send(bytes, port, LOOPBACK, (error) => (error ? reject(error) : resolve())));
  }

  /** The next datagram as text. */
  async next(what = 'a datagram'): Promise<string> {
    return (await this.received.next(what)).toString('utf8');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }
}

/** A bare TCP client that frames what it reads with the message layer's framer. */
export class RawTcp {
  readonly events = new Queue<SipFramerEvent>();
  readonly closed: Promise<void>;
  readonly socket: Socket;
  readonly #framer = new SipStreamFramer();

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const event of this.#framer.push(chunk)) this.events.push(event);
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number): Promise<RawTcp> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: LOOPBACK, port });
      socket.once('error', reject);
      socket.once('connect', () => resolve(new RawTcp(socket)));
    });
  }

  write(bytes: Uint8Array | string): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** The start line of the next framed message. */
  async nextStartLine(what = 'a message'): Promise<string> {
    const event = await this.events.next(what);
    if (event.type !== 'message') throw new Error(`expected a message, got ${event.type}`);
    const { message } = event;
    return message.kind === 'response' ? `${message.version} ${message.status} ${message.reason}` : `${message.method} ${message.requestUri}`;
  }

  waitClosed(what = 'the connection to close'): Promise<void> {
    return within(this.closed, 3000, what);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** One end of an in-memory stream pair: what it writes, the other end reads. */
class PairEnd extends Duplex {
  other: PairEnd | undefined;

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.other?.push(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.other?.push(null);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.other && !this.other.readableEnded) this.other.push(null);
    callback(error);
  }
}

/** Two Duplex ends joined crosswise, like the two sides of a connection (Node 20 has no stream.duplexPair). */
export function duplexPair(): [Duplex, Duplex] {
  const a = new PairEnd();
  const b = new PairEnd();
  a.other = b;
  b.other = a;
  return [a, b];
}

/** The first line of a datagram or message text. */
export function startLine(text: string): string {
  return text.slice(0, text.indexOf('\r\n'));
}

/** The value of the first header `name` in raw message text. */
export function headerValue(text: string, name: string): string | undefined {
  const line = text.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}
