/**
 * One SIP connection over a byte stream (a TCP socket, a HyperDHT secret stream, any Duplex):
 * Content-Length framing (RFC 3261 §18.3) through the message layer's SipStreamFramer, the
 * stateless answers to what it refuses, CRLF keep-alive pongs (RFC 5626 §3.5.1), an idle
 * timeout, and a bound on what may wait to be written to a peer that stops reading. Nothing the
 * peer sends can throw out of here: each event is handled, answered or counted.
 */
import { type Duplex } from 'node:stream';
import { type Clock, type TimerHandle } from '../../clock.js';
import { serializeSipMessage, type SipFramerEvent, type SipMessageLimits, SipStreamFramer } from '../message/index.js';
import { type InboundSink } from './inbound-sink.js';
import { type TransportAddress } from './sip-transport.js';
import { statelessReject } from './stateless-reject.js';
import { TransportError } from './transport-error.js';
import { type TransportStats } from './transport-stats.js';

/** The pong to a CRLFCRLF ping (RFC 5626 §3.5.1). */
const PONG = Buffer.from('\r\n');
/** How long a connection closed after a malformed message may take to flush its answer. */
const LINGER_MS = 2_000;
/** A peer that stops reading may hold this much of our output before the connection is dropped. */
export const DEFAULT_MAX_PENDING_WRITE_BYTES = 1024 * 1024;

export interface StreamConnectionOptions {
  readonly stream: Duplex;
  /** The peer, with `connectionId` set: the `source` of every message read here. */
  readonly remote: TransportAddress;
  /** This side's sent-by for the connection's protocol, with `connectionId` set. */
  readonly local: TransportAddress;
  readonly limits: SipMessageLimits;
  readonly clock: Clock;
  /** Closes the connection this long after the last message sent or received; never when undefined. */
  readonly idleTimeoutMs?: number;
  readonly maxPendingWriteBytes?: number;
  readonly stats: TransportStats;
  readonly deliver: InboundSink;
  /** Called once, when the connection stops being usable for sending. */
  readonly onClosed: (connection: StreamConnection) => void;
}

export class StreamConnection {
  readonly remote: TransportAddress;
  readonly local: TransportAddress;
  readonly #options: StreamConnectionOptions;
  readonly #stream: Duplex;
  readonly #framer: SipStreamFramer;
  #open = true;
  #lastActivity: number;
  #idleTimer: TimerHandle | undefined;
  #lingerTimer: TimerHandle | undefined;

  constructor(options: StreamConnectionOptions) {
    this.#options = options;
    this.#stream = options.stream;
    this.remote = options.remote;
    this.local = options.local;
    this.#framer = new SipStreamFramer(options.limits);
    this.#lastActivity = options.clock.now();
    this.#stream.on('data', (chunk: unknown) => this.#receive(chunk));
    this.#stream.on('error', () => this.close());
    this.#stream.on('end', () => this.close());
    this.#stream.on('close', () => this.close());
    this.#armIdleTimer(options.idleTimeoutMs);
    if (this.#stream.destroyed) this.#markClosed();
  }

  get id(): string {
    return this.remote.connectionId ?? '';
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** Resolves once the bytes are handed to the stream; rejects with a TransportError. */
  write(bytes: Uint8Array): Promise<void> {
    if (!this.#open) return Promise.reject(new TransportError('TRANSPORT_CLOSED', `connection ${this.id} is closed`));
    const limit = this.#options.maxPendingWriteBytes ?? DEFAULT_MAX_PENDING_WRITE_BYTES;
    if (this.#stream.writableLength + bytes.length > limit) {
      this.close();
      return Promise.reject(new TransportError('TRANSPORT_SEND_FAILED', `connection ${this.id} closed: the peer stopped reading`));
    }
    this.#lastActivity = this.#options.clock.now();
    return new Promise((resolve, reject) => {
      this.#stream.write(bytes, (error?: Error | null) => {
        if (error) reject(new TransportError('TRANSPORT_SEND_FAILED', `could not write to connection ${this.id}`, { cause: error }));
        else resolve();
      });
    });
  }

  /** Closes at once; later writes reject with TRANSPORT_CLOSED. */
  close(): void {
    this.#lingerTimer?.cancel();
    if (!this.#stream.destroyed) this.#stream.destroy();
    this.#markClosed();
  }

  #markClosed(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#idleTimer?.cancel();
    this.#options.onClosed(this);
  }

  #receive(chunk: unknown): void {
    if (!this.#open) return;
    try {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk instanceof Uint8Array ? chunk : null;
      if (!bytes) return;
      this.#lastActivity = this.#options.clock.now();
      for (const event of this.#framer.push(bytes)) {
        if (!this.#open) return;
        this.#handle(event);
      }
    } catch {
      this.#options.stats.count('internalErrors');
      this.close();
    }
  }

  #handle(event: SipFramerEvent): void {
    const { stats } = this.#options;
    switch (event.type) {
      case 'message':
        this.#options.deliver({ message: event.message, core: event.core, source: this.remote, local: this.local });
        return;
      case 'ping':
        stats.count('pingsAnswered');
        this.write(PONG).catch(() => stats.count('replyFailures'));
        return;
      case 'pong':
        stats.count('pongsReceived');
        return;
      case 'invalid': {
        const reject = statelessReject(event.error, this.remote);
        if (!reject) {
          stats.count('droppedUnparseable');
          return;
        }
        stats.count('rejectedAnswered');
        this.write(serializeSipMessage(reject.response)).catch(() => stats.count('replyFailures'));
        return;
      }
      case 'malformed': {
        stats.count('malformedStreamsClosed');
        const reject = statelessReject(event.error, this.remote);
        if (reject) stats.count('rejectedAnswered');
        else stats.count('droppedUnparseable');
        this.#endWith(reject ? serializeSipMessage(reject.response) : undefined);
        return;
      }
    }
  }

  /** §18.3 / RFC 4475 §3.1.2.3: answer if possible, then close, since the framing is lost. */
  #endWith(bytes: Uint8Array | undefined): void {
    this.#markClosed();
    if (bytes) this.#stream.end(bytes);
    else this.#stream.end();
    // A peer that never closes its side must not keep the connection (and its handle) alive.
    this.#lingerTimer = this.#options.clock.setTimer(LINGER_MS, () => this.#stream.destroy());
    this.#stream.once('close', () => this.#lingerTimer?.cancel());
  }

  #armIdleTimer(timeoutMs: number | undefined): void {
    if (timeoutMs === undefined || !this.#open) return;
    const idleFor = this.#options.clock.now() - this.#lastActivity;
    this.#idleTimer = this.#options.clock.setTimer(Math.max(0, timeoutMs - idleFor), () => {
      if (this.#options.clock.now() - this.#lastActivity >= timeoutMs) {
        this.#options.stats.count('connectionsIdleClosed');
        this.close();
      } else {
        this.#armIdleTimer(timeoutMs);
      }
    });
  }
}
