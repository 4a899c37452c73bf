/**
 * Binds the UDP and TCP listeners of a transport layer. RFC 3261 §18.2.1: "For any port and
 * interface that a server listens on for UDP, it MUST listen on that same port and interface
 * for TCP", because a request too large for UDP moves to TCP at the same address (§18.1.1). So
 * when both ask for port 0 on the same host, TCP is bound to the port UDP got, retrying with a
 * new port if another socket holds it.
 */
import { type Clock } from '../../clock.js';
import { type SipMessageLimits } from '../message/index.js';
import { advertisedHost } from './advertised-host.js';
import { type DatagramLoss } from './datagram-loss.js';
import { type InboundSink } from './inbound-sink.js';
import { sameHost } from './normalize-host.js';
import { TcpTransport } from './tcp-transport.js';
import { isTransportError } from './transport-error.js';
import { type TransportStats } from './transport-stats.js';
import { UdpTransport } from './udp-transport.js';

export interface ListenAddress {
  readonly host: string;
  /** 0 takes a free port. */
  readonly port: number;
  /** The host written as Via sent-by; by default the bound host, or an interface address for a wildcard. */
  readonly advertisedHost?: string;
}

export interface UdpListenOptions extends ListenAddress {
  /** The packet-loss test seam. */
  readonly loss?: DatagramLoss;
}

export interface TcpListenOptions extends ListenAddress {
  /** Closes a connection this long after its last message; 32 s (64·T1) by default. */
  readonly idleTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly maxPendingWriteBytes?: number;
}

export interface ListenerContext {
  readonly clock: Clock;
  readonly limits: SipMessageLimits;
  readonly stats: TransportStats;
  readonly deliver: InboundSink;
}

export interface Listeners {
  readonly udp?: UdpTransport;
  readonly tcp?: TcpTransport;
}

const SHARED_PORT_ATTEMPTS = 8;

function bindUdp(options: UdpListenOptions, context: ListenerContext, port = options.port): Promise<UdpTransport> {
  const { loss } = options;
  return UdpTransport.bind({ ...context, host: options.host, port, advertisedHost: options.advertisedHost ?? advertisedHost(options.host), ...(loss ? { loss } : {}) });
}

function listenTcp(options: TcpListenOptions, context: ListenerContext, port = options.port): Promise<TcpTransport> {
  return TcpTransport.listen({ ...options, ...context, port, advertisedHost: options.advertisedHost ?? advertisedHost(options.host) });
}

function isAddressInUse(error: unknown): boolean {
  const cause = isTransportError(error) ? error.cause : undefined;
  return typeof cause === 'object' && cause !== null && 'code' in cause && cause.code === 'EADDRINUSE';
}

async function bindSharedPort(udpOptions: UdpListenOptions, tcpOptions: TcpListenOptions, context: ListenerContext): Promise<Listeners | undefined> {
  for (let attempt = 0; attempt < SHARED_PORT_ATTEMPTS; attempt++) {
    const udp = await bindUdp(udpOptions, context);
    try {
      return { udp, tcp: await listenTcp(tcpOptions, context, udp.local.port) };
    } catch (error) {
      await udp.close();
      if (!isAddressInUse(error)) throw error;
    }
  }
  return undefined;
}

export async function bindListeners(udpOptions: UdpListenOptions | undefined, tcpOptions: TcpListenOptions | undefined, context: ListenerContext): Promise<Listeners> {
  if (udpOptions && tcpOptions && udpOptions.port === 0 && tcpOptions.port === 0 && sameHost(udpOptions.host, tcpOptions.host)) {
    const shared = await bindSharedPort(udpOptions, tcpOptions, context);
    if (shared) return shared;
  }
  const udp = udpOptions ? await bindUdp(udpOptions, context) : undefined;
  try {
    const tcp = tcpOptions ? await listenTcp(tcpOptions, context) : undefined;
    return { ...(udp ? { udp } : {}), ...(tcp ? { tcp } : {}) };
  } catch (error) {
    await udp?.close();
    throw error;
  }
}
