/**
 * Where a response goes (RFC 3261 §18.2.2 with RFC 3581 §4), decided from its top Via and the
 * request's source alone, so the rules are a table test:
 * - reliable sent-protocol (TCP, TLS, SCTP, PARLEY…): the connection the request came on while it
 *   is open; else a new connection to `received` (or the sent-by host) at the sent-by port;
 *   a PARLEY peer is reached again by its key;
 * - unreliable (UDP): `maddr` at the sent-by port; else `received` (or the sent-by host) at
 *   `rport` when the server filled it in, else at the sent-by port (default 5060).
 * Hosts must be IP addresses: there is no DNS here (RFC 3263 is out of scope).
 */
import { isIP } from 'node:net';
import { type Via, viaParam } from '../message/index.js';
import { sentByOf } from './sent-by.js';
import { type TransportAddress, type TransportProtocol } from './sip-transport.js';

export type ResponseRoute =
  /** Back on the connection the request arrived on (`destination.connectionId`). */
  | { readonly kind: 'connection'; readonly destination: TransportAddress }
  /** To an address, over a connection to it (reliable) or a datagram (UDP). */
  | { readonly kind: 'address'; readonly destination: TransportAddress; readonly ttl?: number }
  | { readonly kind: 'unroutable'; readonly reason: string };

const KNOWN: Readonly<Record<string, TransportProtocol>> = { UDP: 'UDP', TCP: 'TCP', PARLEY: 'PARLEY' };

/** The TransportProtocol a Via transport token names, if it is one Parley speaks. */
export function protocolOfVia(via: Via): TransportProtocol | undefined {
  return KNOWN[via.transport.toUpperCase()];
}

function unroutable(reason: string): ResponseRoute {
  return { kind: 'unroutable', reason };
}

function toAddress(protocol: TransportProtocol, host: string, port: number, ttl?: number): ResponseRoute {
  if (isIP(host) === 0) return unroutable(`${host} is not an IP address (no DNS, RFC 3263 is out of scope)`);
  const destination: TransportAddress = { protocol, host, port };
  return ttl === undefined ? { kind: 'address', destination } : { kind: 'address', destination, ttl };
}

function reliableRoute(via: Via, requestSource: TransportAddress, connectionOpen: boolean): ResponseRoute {
  if (connectionOpen && requestSource.connectionId !== undefined) return { kind: 'connection', destination: requestSource };
  const protocol = protocolOfVia(via);
  if (protocol === 'PARLEY') return { kind: 'address', destination: { protocol, host: requestSource.host, port: requestSource.port } };
  if (protocol === undefined) return unroutable(`the connection is closed and ${via.transport} is not a transport of this layer`);
  // §18.2.2: "to the IP address in the received parameter, if present, using the port in the sent-by value".
  return toAddress(protocol, via.received ?? via.host, sentByOf(via).port);
}

function unreliableRoute(via: Via): ResponseRoute {
  const maddr = viaParam(via, 'maddr');
  if (typeof maddr === 'string') {
    const ttl = viaParam(via, 'ttl');
    return toAddress('UDP', maddr.replace(/^\[(.*)\]$/, '$1'), sentByOf(via).port, typeof ttl === 'string' ? Number(ttl) : undefined);
  }
  const port = typeof via.rport === 'number' ? via.rport : sentByOf(via).port;
  return toAddress('UDP', via.received ?? via.host, port);
}

/**
 * `via` is the response's top Via (as stamped on receipt, §18.2.1); `connectionOpen` says
 * whether the connection in `requestSource.connectionId` can still carry it.
 */
export function responseDestination(via: Via, requestSource: TransportAddress, connectionOpen: boolean): ResponseRoute {
  return via.transport.toUpperCase() === 'UDP' ? unreliableRoute(via) : reliableRoute(via, requestSource, connectionOpen);
}
