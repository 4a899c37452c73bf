/**
 * SIP over UDP (RFC 3261 §18): one socket per listen address, IPv4 or IPv6. Each datagram is
 * one message (§18.3, datagram framing); a request the parser refuses is answered at once with
 * the parser's 400/505/513, routed like any response (§18.2.2 with RFC 3581); everything else
 * that cannot be parsed is dropped and counted. A CRLF-only datagram is a keep-alive and is
 * ignored. Destinations are IP addresses: there is no DNS here.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { isKeepAlive, parseSipMessage, serializeSipMessage, type SipMessageLimits } from '../message/index.js';
import { type DatagramLoss } from './datagram-loss.js';
import { type InboundSink } from './inbound-sink.js';
import { normalizeHost } from './normalize-host.js';
import { responseDestination } from './response-destination.js';
import { type TransportAddress } from './sip-transport.js';
import { type StatelessReject, statelessReject } from './stateless-reject.js';
import { TransportError } from './transport-error.js';
import { type TransportStats } from './transport-stats.js';

/** The largest UDP payload over IPv4 (65,535 − 8 UDP − 20 IP header bytes). */
export const MAX_UDP_PAYLOAD_BYTES = 65_507;
/**
 * The kernel charges each queued datagram its buffer's true size (2–4 KiB for a small one), so
 * Linux's default 208 KiB receive buffer overflowed after ~140 back-to-back datagrams in our
 * hostile-input test; 1 MiB rides out a burst of several hundred (capped by net.core.rmem_max).
 */
export const UDP_RECEIVE_BUFFER_BYTES = 1024 * 1024;

export interface UdpTransportOptions {
  /** The address to bind; port 0 takes a free one. */
  readonly host: string;
  readonly port: number;
  /** The host written as sent-by (see advertisedHost for wildcards). */
  readonly advertisedHost: string;
  readonly limits: SipMessageLimits;
  readonly stats: TransportStats;
  readonly deliver: InboundSink;
  /** The packet-loss test seam. */
  readonly loss?: DatagramLoss;
}

function bindSocket(socket: Socket, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(new TransportError('TRANSPORT_LISTEN_FAILED', `cannot bind UDP ${host}:${port}`, { cause: error }));
    socket.once('error', onError);
    socket.bind({ address: host, port, exclusive: true }, () => {
      socket.off('error', onError);
      resolve();
    });
  });
}

export class UdpTransport {
  readonly local: TransportAddress;
  readonly #socket: Socket;
  readonly #ipv6: boolean;
  readonly #options: UdpTransportOptions;
  #closed = false;

  private constructor(socket: Socket, ipv6: boolean, options: UdpTransportOptions) {
    this.#socket = socket;
    this.#ipv6 = ipv6;
    this.#options = options;
    this.local = { protocol: 'UDP', host: options.advertisedHost, port: socket.address().port };
    socket.on('message', (datagram: Buffer, remote: RemoteInfo) => this.#receive(datagram, remote));
    // ICMP errors and the like: the socket stays usable, and a send learns of its own failure.
    socket.on('error', () => options.stats.count('internalErrors'));
  }

  static async bind(options: UdpTransportOptions): Promise<UdpTransport> {
    const ipv6 = isIPv6(normalizeHost(options.host));
    const socket = createSocket({ type: ipv6 ? 'udp6' : 'udp4', recvBufferSize: UDP_RECEIVE_BUFFER_BYTES });
    try {
      await bindSocket(socket, options.host, options.port);
    } catch (error) {
      socket.close();
      throw error;
    }
    return new UdpTransport(socket, ipv6, options);
  }

  get listening(): boolean {
    return !this.#closed;
  }

  /** Sends one datagram; TRANSPORT_MESSAGE_TOO_LARGE beyond what UDP carries. */
  send(bytes: Uint8Array, host: string, port: number): Promise<void> {
    if (this.#closed) return Promise.reject(new TransportError('TRANSPORT_CLOSED', 'the UDP transport is closed'));
    const target = normalizeHost(host);
    if (isIP(target) === 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
      return Promise.reject(new TransportError('TRANSPORT_BAD_ADDRESS', `not an IP address and port: ${host}:${port}`));
    }
    if (!this.#ipv6 && isIPv6(target)) return Promise.reject(new TransportError('TRANSPORT_BAD_ADDRESS', `an IPv4 socket cannot reach ${host}`));
    if (bytes.length > MAX_UDP_PAYLOAD_BYTES) {
      return Promise.reject(new TransportError('TRANSPORT_MESSAGE_TOO_LARGE', `${bytes.length} bytes do not fit in a UDP datagram`));
    }
    if (this.#options.loss?.drops('outbound')) {
      this.#options.stats.count('lostOutbound');
      return Promise.resolve();
    }
    // A dual-stack IPv6 socket reaches IPv4 peers through their mapped address.
    const address = this.#ipv6 && isIPv4(target) ? `::ffff:${target}` : target;
    return new Promise((resolve, reject) => {
      this.#socket.send(bytes, port, address, (error) => {
        if (error) reject(new TransportError('TRANSPORT_SEND_FAILED', `UDP to ${host}:${port}: ${error.message}`, { cause: error }));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    return new Promise((resolve) => this.#socket.close(() => resolve()));
  }

  #receive(datagram: Buffer, remote: RemoteInfo): void {
    if (this.#closed) return;
    const { stats } = this.#options;
    try {
      if (this.#options.loss?.drops('inbound')) {
        stats.count('lostInbound');
        return;
      }
      if (isKeepAlive(datagram)) {
        stats.count('keepAlivesIgnored');
        return;
      }
      const source: TransportAddress = { protocol: 'UDP', host: normalizeHost(remote.address), port: remote.port };
      const result = parseSipMessage(datagram, { framing: 'datagram', limits: this.#options.limits });
      if (result.ok) {
        this.#options.deliver({ message: result.message, core: result.core, source, local: this.local });
        return;
      }
      this.#reject(statelessReject(result.error, source), source);
    } catch {
      stats.count('internalErrors');
    }
  }

  /** A UDP datagram is answered over UDP: where §18.2.2 says, or else to where it came from. */
  #reject(reject: StatelessReject | undefined, source: TransportAddress): void {
    const { stats } = this.#options;
    if (!reject) {
      stats.count('droppedUnparseable');
      return;
    }
    const route = responseDestination(reject.via, source, false);
    const to = route.kind === 'address' && route.destination.protocol === 'UDP' ? route.destination : source;
    stats.count('rejectedAnswered');
    this.send(serializeSipMessage(reject.response), to.host, to.port).catch(() => stats.count('replyFailures'));
  }
}
