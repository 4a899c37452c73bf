/**
 * The SIP transport layer (RFC 3261 §18): UDP, TCP and PARLEY streams behind the one
 * SipTransportLayer contract the transactions and the UA core use. Sending: requests go where
 * the caller says, moving from UDP to TCP when too large (§18.1.1); responses go where §18.2.2
 * and RFC 3581 §4 say. Receiving: InboundDispatcher stamps requests and checks responses.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { type Duplex } from 'node:stream';
import { type Clock } from '../../clock.js';
import {
  formatVia, getTopVia, type HostKind, parseVia, serializeSipMessage, SIP_MESSAGE_LIMITS, type SipMessage, type SipMessageLimits,
  type SipRequest, type SipResponse,
} from '../message/index.js';
import { bindListeners, type TcpListenOptions, type UdpListenOptions } from './bind-listeners.js';
import { chooseRequestProtocol } from './choose-request-protocol.js';
import { InboundDispatcher } from './inbound-dispatcher.js';
import { replaceTopVia } from './replace-top-via.js';
import { responseDestination } from './response-destination.js';
import { SIP_DEFAULT_PORT, type SentBy } from './sent-by.js';
import { type Inbound, type SipTransportLayer, type TransportAddress, type TransportProtocol } from './sip-transport.js';
import { type OpenedStream, StreamTransport } from './stream-transport.js';
import { type TcpTransport } from './tcp-transport.js';
import { isTransportError, TransportError } from './transport-error.js';
import { TransportStats } from './transport-stats.js';
import { type UdpTransport } from './udp-transport.js';

export interface StreamListenOptions {
  /** The sent-by written into Vias over PARLEY streams (a host name: a 64-digit hex key is not one). */
  readonly sentBy: { readonly host: string; readonly port?: number };
  /** Streams are owned by the peer connection layer, so they never idle out unless this is set. */
  readonly idleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly maxPendingWriteBytes?: number;
  /** Opens a stream to a peer that has none (the HyperDHT connect of a later issue). */
  readonly connect?: (remote: TransportAddress) => Promise<OpenedStream>;
}

export interface TransportLayerOptions {
  readonly clock: Clock;
  readonly udp?: UdpListenOptions;
  readonly tcp?: TcpListenOptions;
  readonly stream?: StreamListenOptions;
  /** What a peer may send, and the most we send (SIP_MESSAGE_LIMITS by default). */
  readonly limits?: SipMessageLimits;
  /** The path MTU when known; otherwise §18.1.1's 1300-byte rule applies. */
  readonly pathMtu?: number;
}

interface TransportLayerParts {
  readonly dispatcher: InboundDispatcher;
  readonly stats: TransportStats;
  readonly limits: SipMessageLimits;
  readonly pathMtu: number | undefined;
  readonly udp: UdpTransport | undefined;
  readonly tcp: TcpTransport | undefined;
  readonly stream: StreamTransport | undefined;
}

function hostKindOf(host: string): HostKind {
  return isIPv4(host) ? 'ipv4' : isIPv6(host) ? 'ipv6' : 'name';
}

export class TransportLayer implements SipTransportLayer {
  /** What was received, answered and dropped, and why. */
  readonly stats: TransportStats;
  readonly #parts: TransportLayerParts;
  #closed = false;

  constructor(parts: TransportLayerParts) {
    this.#parts = parts;
    this.stats = parts.stats;
  }

  /** The bound (advertised) address of every transport: real ports even when 0 was asked for. */
  get addresses(): readonly TransportAddress[] {
    const { udp, tcp, stream } = this.#parts;
    return [udp?.local, tcp?.local, stream?.local].filter((address): address is TransportAddress => address !== undefined);
  }

  localAddress(protocol: TransportProtocol): TransportAddress | undefined {
    return this.addresses.find((address) => address.protocol === protocol);
  }

  /** Open connections of a connection-oriented protocol. */
  connectionCount(protocol: 'TCP' | 'PARLEY'): number {
    return this.#streams(protocol)?.connectionCount ?? 0;
  }

  /** Hands a stream to a Parley peer (protocol PARLEY, host = its key in hex) to the layer; returns its connection id. */
  attachStream(stream: Duplex, remote: TransportAddress): string {
    const transport = this.#parts.stream;
    if (!transport) throw new TransportError('TRANSPORT_NOT_CONFIGURED', 'this transport layer has no stream transport');
    return transport.attach(stream, remote);
  }

  onRequest(listener: (inbound: Inbound<SipRequest>) => void): () => void {
    return this.#parts.dispatcher.onRequest(listener);
  }

  onResponse(listener: (inbound: Inbound<SipResponse>) => void): () => void {
    return this.#parts.dispatcher.onResponse(listener);
  }

  async sendRequest(request: SipRequest, destination: TransportAddress): Promise<void> {
    const bytes = this.#serialize(request);
    const { tcp, pathMtu } = this.#parts;
    const protocol = chooseRequestProtocol({ protocol: destination.protocol, messageBytes: bytes.length, tcpAvailable: tcp !== undefined, ...(pathMtu === undefined ? {} : { pathMtu }) });
    if (protocol === 'TCP' && destination.protocol === 'UDP' && tcp) {
      try {
        await tcp.streams.send(this.#overTcp(request, tcp), { protocol: 'TCP', host: destination.host, port: destination.port });
        return;
      } catch (error) {
        // §18.1.1: when the connection is refused, "the element SHOULD retry the request, using UDP".
        if (!isTransportError(error, 'TRANSPORT_CONNECT_FAILED')) throw error;
      }
    }
    await this.#sendTo(destination, bytes);
  }

  async sendResponse(response: SipResponse, requestSource: TransportAddress): Promise<void> {
    const top = getTopVia(response);
    if (!top.ok) throw new TransportError('TRANSPORT_NO_ROUTE', `the response has no usable top Via: ${top.error.reason}`);
    const bytes = this.#serialize(response);
    const streams = this.#streams(requestSource.protocol);
    const connectionId = requestSource.connectionId;
    let route = responseDestination(top.value, requestSource, connectionId !== undefined && streams?.isOpen(connectionId) === true);
    if (route.kind === 'connection' && streams && connectionId !== undefined) {
      try {
        await streams.sendOn(connectionId, bytes);
        return;
      } catch (error) {
        if (!isTransportError(error, 'TRANSPORT_CLOSED') || this.#closed) throw error;
        route = responseDestination(top.value, requestSource, false); // closed meanwhile: §18.2.2's fallback
      }
    }
    if (route.kind !== 'address') throw new TransportError('TRANSPORT_NO_ROUTE', route.kind === 'unroutable' ? route.reason : 'the connection is closed');
    await this.#sendTo(route.destination, bytes);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const { dispatcher, udp, tcp, stream } = this.#parts;
    dispatcher.close();
    stream?.close();
    await Promise.all([udp?.close(), tcp?.close()]);
  }

  #serialize(message: SipMessage): Buffer {
    if (this.#closed) throw new TransportError('TRANSPORT_CLOSED', 'the transport layer is closed');
    const bytes = serializeSipMessage(message);
    if (bytes.length > this.#parts.limits.maxMessageBytes) {
      throw new TransportError('TRANSPORT_MESSAGE_TOO_LARGE', `${bytes.length} bytes exceed the ${this.#parts.limits.maxMessageBytes}-byte message limit`);
    }
    return bytes;
  }

  /** §18.1.1: a request moved to TCP says so in its top Via, with this side's TCP sent-by. */
  #overTcp(request: SipRequest, tcp: TcpTransport): Buffer {
    const top = getTopVia(request);
    if (!top.ok) return this.#serialize(request);
    const { host, port } = tcp.local;
    const via = parseVia(formatVia({ ...top.value, transport: 'TCP', host, hostKind: hostKindOf(host), port })) ?? top.value;
    return this.#serialize({ ...request, headers: replaceTopVia(request.headers, via) });
  }

  #streams(protocol: TransportProtocol): StreamTransport | undefined {
    if (protocol === 'TCP') return this.#parts.tcp?.streams;
    return protocol === 'PARLEY' ? this.#parts.stream : undefined;
  }

  async #sendTo(destination: TransportAddress, bytes: Buffer): Promise<void> {
    if (destination.protocol === 'UDP') {
      const udp = this.#parts.udp;
      if (!udp) throw new TransportError('TRANSPORT_NOT_CONFIGURED', 'this transport layer has no UDP transport');
      return udp.send(bytes, destination.host, destination.port);
    }
    const streams = this.#streams(destination.protocol);
    if (!streams) throw new TransportError('TRANSPORT_NOT_CONFIGURED', `this transport layer has no ${destination.protocol} transport`);
    return streams.send(bytes, destination);
  }
}

/** Binds the configured transports (port 0 takes free ports; see `addresses`) and returns the layer. */
export async function createTransportLayer(options: TransportLayerOptions): Promise<TransportLayer> {
  const stats = new TransportStats();
  const limits = options.limits ?? SIP_MESSAGE_LIMITS;
  let sentBys: readonly SentBy[] = [];
  const dispatcher = new InboundDispatcher(stats, () => sentBys);
  const context = { clock: options.clock, limits, stats, deliver: dispatcher.deliver };
  const { udp, tcp } = await bindListeners(options.udp, options.tcp, context);
  const streamOptions = options.stream;
  const stream = streamOptions
    ? new StreamTransport({ ...context, ...streamOptions, protocol: 'PARLEY', sentBy: { host: streamOptions.sentBy.host, port: streamOptions.sentBy.port ?? SIP_DEFAULT_PORT } })
    : undefined;
  const layer = new TransportLayer({ dispatcher, stats, limits, pathMtu: options.pathMtu, udp, tcp, stream });
  sentBys = layer.addresses;
  return layer;
}
