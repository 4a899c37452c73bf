/**
 * SIP over reliable byte streams: a pool of StreamConnections of one protocol, reused for
 * requests and responses alike (§18). It frames any Node Duplex handed to `attach` — the
 * HyperDHT secret stream to a Parley peer (protocol PARLEY, host = the peer's key in hex) — and
 * TcpTransport builds on it with a listening socket and a `connect` that dials. Sending to a far
 * end with no open connection calls `connect`; concurrent sends share one attempt.
 */
import { type Duplex } from 'node:stream';
import { type Clock } from '../../clock.js';
import { type SipMessageLimits } from '../message/index.js';
import { ConnectionPool, remoteKey } from './connection-pool.js';
import { type InboundSink } from './inbound-sink.js';
import { type SentBy } from './sent-by.js';
import { type TransportAddress } from './sip-transport.js';
import { StreamConnection } from './stream-connection.js';
import { TransportError } from './transport-error.js';
import { type TransportStats } from './transport-stats.js';

export type StreamProtocol = 'TCP' | 'PARLEY';

export const DEFAULT_MAX_CONNECTIONS = 1024;

/** A stream to a far end, as `connect` opens it; `remote.host`/`port` are the far end's. */
export interface OpenedStream {
  readonly stream: Duplex;
  readonly remote: TransportAddress;
}

export interface StreamTransportOptions {
  /** PARLEY unless TcpTransport says TCP. */
  readonly protocol?: StreamProtocol;
  /** What this side writes as Via sent-by on these connections (and §18.1.2 checks responses against). */
  readonly sentBy: SentBy;
  readonly clock: Clock;
  readonly limits: SipMessageLimits;
  readonly stats: TransportStats;
  readonly deliver: InboundSink;
  /** Idle connections close after this long (see StreamConnection); never when undefined. */
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly maxPendingWriteBytes?: number;
  /** Opens a stream to a far end with no open connection; without it such a send fails with TRANSPORT_CONNECT_FAILED. */
  readonly connect?: (remote: TransportAddress) => Promise<OpenedStream>;
}

export class StreamTransport {
  readonly protocol: StreamProtocol;
  readonly local: TransportAddress;
  readonly #options: StreamTransportOptions;
  readonly #pool = new ConnectionPool();
  readonly #connecting = new Map<string, Promise<StreamConnection>>();
  /** Every connection whose stream is not destroyed yet, lingering ones included, for close(). */
  readonly #live = new Set<StreamConnection>();
  #nextId = 1;
  #closed = false;

  constructor(options: StreamTransportOptions) {
    this.#options = options;
    this.protocol = options.protocol ?? 'PARLEY';
    this.local = { protocol: this.protocol, host: options.sentBy.host, port: options.sentBy.port };
  }

  get connectionCount(): number {
    return this.#pool.size;
  }

  /** Counts lingering connections too (closed after a malformed message, still flushing): they hold sockets. */
  get hasRoom(): boolean {
    return this.#live.size + this.#connecting.size < (this.#options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * Frames `stream` as a SIP connection from `remote` and returns its connection id. The
   * transport owns the stream from now on and destroys it on close().
   */
  attach(stream: Duplex, remote: TransportAddress): string {
    if (this.#closed) throw new TransportError('TRANSPORT_CLOSED', 'the stream transport is closed');
    if (remote.protocol !== this.protocol) throw new TransportError('TRANSPORT_BAD_ADDRESS', `a ${remote.protocol} address given to the ${this.protocol} transport`);
    if (!this.hasRoom) throw new TransportError('TRANSPORT_CONNECTION_LIMIT', `${this.protocol}: ${this.#pool.size} connections are open`);
    return this.#adopt(stream, remote).id;
  }

  isOpen(connectionId: string): boolean {
    return this.#pool.byId(connectionId) !== undefined;
  }

  /** Sends on one connection only; TRANSPORT_CLOSED when it is gone. */
  sendOn(connectionId: string, bytes: Uint8Array): Promise<void> {
    const connection = this.#pool.byId(connectionId);
    if (!connection) return Promise.reject(new TransportError('TRANSPORT_CLOSED', `connection ${connectionId} is closed`));
    return connection.write(bytes);
  }

  /** Sends on `destination.connectionId` while it is open, else on any connection to that far end, else a new one. */
  async send(bytes: Uint8Array, destination: TransportAddress): Promise<void> {
    if (this.#closed) throw new TransportError('TRANSPORT_CLOSED', 'the stream transport is closed');
    const existing = (destination.connectionId === undefined ? undefined : this.#pool.byId(destination.connectionId)) ?? this.#pool.byRemote(destination);
    const connection = existing ?? (await this.#connectTo(destination));
    await connection.write(bytes);
  }

  close(): void {
    this.#closed = true;
    for (const connection of this.#live) connection.close();
    this.#live.clear();
  }

  #adopt(stream: Duplex, remote: TransportAddress): StreamConnection {
    const connectionId = `${this.protocol.toLowerCase()}-${this.#nextId++}`;
    const connection = new StreamConnection({
      stream,
      remote: { protocol: this.protocol, host: remote.host, port: remote.port, connectionId },
      local: { ...this.local, connectionId },
      limits: this.#options.limits,
      clock: this.#options.clock,
      stats: this.#options.stats,
      deliver: this.#options.deliver,
      onClosed: (closed) => this.#pool.remove(closed),
      ...(this.#options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: this.#options.idleTimeoutMs }),
      ...(this.#options.maxPendingWriteBytes === undefined ? {} : { maxPendingWriteBytes: this.#options.maxPendingWriteBytes }),
    });
    if (connection.isOpen) {
      this.#pool.add(connection);
      this.#live.add(connection);
      stream.once('close', () => this.#live.delete(connection));
    }
    return connection;
  }

  #connectTo(destination: TransportAddress): Promise<StreamConnection> {
    const key = remoteKey(destination);
    const pending = this.#connecting.get(key);
    if (pending) return pending;
    const connect = this.#options.connect;
    if (!connect) return Promise.reject(new TransportError('TRANSPORT_CONNECT_FAILED', `no open ${this.protocol} connection to ${destination.host}`));
    if (!this.hasRoom) return Promise.reject(new TransportError('TRANSPORT_CONNECTION_LIMIT', `${this.protocol}: ${this.#pool.size} connections are open`));
    const attempt = connect({ protocol: this.protocol, host: destination.host, port: destination.port })
      .then((opened) => {
        if (this.#closed) {
          opened.stream.destroy();
          throw new TransportError('TRANSPORT_CLOSED', 'the stream transport closed while connecting');
        }
        return this.#adopt(opened.stream, opened.remote);
      })
      .finally(() => this.#connecting.delete(key));
    this.#connecting.set(key, attempt);
    return attempt;
  }
}
