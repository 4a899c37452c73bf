/**
 * SIP over TCP (RFC 3261 §18): a listening socket whose accepted connections, and the
 * connections it opens, share one StreamTransport pool, so a request and its response, and the
 * next request to the same far end, reuse a connection. An idle connection closes 32 s after
 * its last message (§18: at least as long as a transaction takes, which is Timer B/F = 64·T1;
 * RFC 5923 §4 asks the same of reused connections). Destinations are IP addresses: no DNS.
 */
import { createServer, type Server, type Socket, connect as netConnect, isIP } from 'node:net';
import { type Clock } from '../../clock.js';
import { type SipMessageLimits } from '../message/index.js';
import { type InboundSink } from './inbound-sink.js';
import { normalizeHost } from './normalize-host.js';
import { type TransportAddress } from './sip-transport.js';
import { type OpenedStream, StreamTransport } from './stream-transport.js';
import { TransportError } from './transport-error.js';
import { type TransportStats } from './transport-stats.js';

/** 64·T1: the longest a transaction lives (Timer B, Timer F), §17.1.1.2, §17.1.2.2. */
export const DEFAULT_TCP_IDLE_TIMEOUT_MS = 32_000;
export const DEFAULT_TCP_CONNECT_TIMEOUT_MS = 10_000;

export interface TcpTransportOptions {
  /** The address to listen on; port 0 takes a free one. */
  readonly host: string;
  readonly port: number;
  /** The host written as sent-by (defaults to `host`; see advertisedHost for wildcards). */
  readonly advertisedHost: string;
  readonly clock: Clock;
  readonly limits: SipMessageLimits;
  readonly stats: TransportStats;
  readonly deliver: InboundSink;
  readonly idleTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  /** Accepted and opened connections together. */
  readonly maxConnections?: number;
  readonly maxPendingWriteBytes?: number;
}

function listenOn(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new TransportError('TRANSPORT_LISTEN_FAILED', `cannot listen on TCP ${host}:${port}`, { cause: error }));
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export class TcpTransport {
  readonly streams: StreamTransport;
  readonly #server: Server;
  readonly #options: TcpTransportOptions;
  readonly #dialing = new Set<Socket>();

  private constructor(server: Server, port: number, options: TcpTransportOptions) {
    this.#server = server;
    this.#options = options;
    this.streams = new StreamTransport({
      protocol: 'TCP',
      sentBy: { host: options.advertisedHost, port },
      clock: options.clock,
      limits: options.limits,
      stats: options.stats,
      deliver: options.deliver,
      idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_TCP_IDLE_TIMEOUT_MS,
      connect: (remote) => this.#dial(remote),
      ...(options.maxConnections === undefined ? {} : { maxConnections: options.maxConnections }),
      ...(options.maxPendingWriteBytes === undefined ? {} : { maxPendingWriteBytes: options.maxPendingWriteBytes }),
    });
    server.on('connection', (socket) => this.#accept(socket));
    server.on('error', () => options.stats.count('internalErrors'));
  }

  static async listen(options: TcpTransportOptions): Promise<TcpTransport> {
    const server = createServer({ noDelay: true });
    await listenOn(server, options.host, options.port);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return new TcpTransport(server, port, options);
  }

  /** This side's sent-by for TCP: the advertised host and the listening port. */
  get local(): TransportAddress {
    return this.streams.local;
  }

  get listening(): boolean {
    return this.#server.listening;
  }

  async close(): Promise<void> {
    for (const socket of this.#dialing) socket.destroy();
    this.streams.close();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    const host = socket.remoteAddress;
    const port = socket.remotePort;
    if (host === undefined || port === undefined || !this.#server.listening) {
      socket.destroy();
      return;
    }
    try {
      this.streams.attach(socket, { protocol: 'TCP', host: normalizeHost(host), port });
    } catch {
      this.#options.stats.count('connectionsRefused');
      socket.destroy();
    }
  }

  #dial(remote: TransportAddress): Promise<OpenedStream> {
    if (isIP(remote.host) === 0 || !Number.isInteger(remote.port) || remote.port <= 0 || remote.port > 65535) {
      return Promise.reject(new TransportError('TRANSPORT_BAD_ADDRESS', `not an IP address and port: ${remote.host}:${remote.port}`));
    }
    const host = normalizeHost(remote.host);
    const where = `TCP ${host}:${remote.port}`;
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host, port: remote.port, noDelay: true });
      this.#dialing.add(socket);
      const fail = (message: string, cause?: unknown): void => {
        timer.cancel();
        this.#dialing.delete(socket);
        socket.destroy();
        reject(new TransportError('TRANSPORT_CONNECT_FAILED', message, cause === undefined ? undefined : { cause }));
      };
      const timer = this.#options.clock.setTimer(this.#options.connectTimeoutMs ?? DEFAULT_TCP_CONNECT_TIMEOUT_MS, () => fail(`${where}: connect timed out`));
      socket.once('error', (error) => fail(`${where}: ${error.message}`, error));
      socket.once('close', () => fail(`${where}: closed while connecting`));
      socket.once('connect', () => {
        timer.cancel();
        this.#dialing.delete(socket);
        socket.removeAllListeners('error');
        socket.removeAllListeners('close');
        // Until the StreamConnection listens (a microtask away), an error must not go unheard.
        socket.on('error', () => undefined);
        resolve({ stream: socket, remote: { protocol: 'TCP', host, port: remote.port } });
      });
    });
  }
}
