/**
 * Where a request goes (RFC 3261 §8.1.2): to the first Route when there is one, else to the
 * Request-URI, and that URI becomes a transport address through an injected resolver. There is
 * no DNS here (RFC 3263 is not needed on a LAN of IP literals, and Parley peers are found in
 * the DHT, which plugs in as another resolver).
 */
import { isIP } from 'node:net';
import { type NameAddr, type Uri, uriParam } from '../message/index.js';
import type { TransportAddress, TransportProtocol } from '../transport/sip-transport.js';

export type ResolveDestination = (uri: Uri) => TransportAddress | undefined;

const PROTOCOLS: Readonly<Record<string, TransportProtocol>> = { udp: 'UDP', tcp: 'TCP', parley: 'PARLEY' };

/**
 * The default resolver: a SIP URI whose host (or `maddr`) is an IP literal, with the
 * `transport` parameter choosing UDP (the default, §18.1.1), TCP or PARLEY, and port 5060 when
 * none is given (§19.1.2). SIPS and host names resolve to nothing: no TLS, no DNS.
 */
export function resolveIpUriDestination(uri: Uri): TransportAddress | undefined {
  if (uri.kind !== 'sip' || uri.scheme !== 'sip') return undefined;
  const maddr = uriParam(uri, 'maddr');
  const host = typeof maddr === 'string' ? maddr.replace(/^\[(.*)\]$/, '$1') : uri.host;
  if (isIP(host) === 0) return undefined;
  const transport = uriParam(uri, 'transport');
  const protocol = PROTOCOLS[(typeof transport === 'string' ? transport : 'udp').toLowerCase()];
  if (protocol === undefined) return undefined;
  return { protocol, host, port: uri.port ?? 5060 };
}

/** §8.1.2: the URI a request is sent towards: its first Route, or its Request-URI. */
export function nextHopUri(requestUri: Uri, routes: readonly NameAddr[]): Uri {
  return routes[0]?.uri ?? requestUri;
}

/** The token a Contact or Via names the transport with. */
export function transportParam(protocol: TransportProtocol): string | undefined {
  return protocol === 'UDP' ? undefined : protocol.toLowerCase();
}
