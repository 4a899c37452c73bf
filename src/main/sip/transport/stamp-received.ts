/**
 * What a server transport writes into the top Via of a request it receives (RFC 3261 §18.2.1,
 * RFC 3581 §4), so the response can find its way back (§18.2.2):
 * - `received=<source IP>` when the sent-by host differs from the packet's source address;
 * - when the client asked with a valueless `rport`, `rport=<source port>`, and then `received`
 *   always, "even if it is identical to the value of the sent-by component" (RFC 3581 §4).
 * Only IP sources are stamped: a PARLEY source is a peer key, and its connection is the route.
 */
import { isIP } from 'node:net';
import { formatVia, type GenericParam, param, parseVia, type Via } from '../message/index.js';
import { normalizeHost, sameHost } from './normalize-host.js';

export interface PacketSource {
  readonly host: string;
  readonly port: number;
}

function withParam(params: readonly GenericParam[], name: string, value: string): GenericParam[] {
  const index = params.findIndex((p) => p.name.toLowerCase() === name);
  if (index === -1) return [...params, param(name, value)];
  // Replace the first in place, drop repeats: one value decides where the response goes.
  return params.flatMap((p, i) => (i === index ? [param(name, value)] : p.name.toLowerCase() === name ? [] : [p]));
}

/** The top Via as it should be passed up; the same object when nothing needs stamping. */
export function stampReceived(via: Via, source: PacketSource): Via {
  if (isIP(source.host) === 0) return via;
  const asksRport = via.rport === true;
  const hostDiffers = !sameHost(via.host, source.host);
  // A `received` the client wrote itself must not steer our responses elsewhere (reflection).
  const staleReceived = via.received !== undefined && !sameHost(via.received, source.host);
  if (!asksRport && !hostDiffers && !staleReceived) return via;
  let params: readonly GenericParam[] = withParam(via.params, 'received', normalizeHost(source.host));
  if (asksRport) params = withParam(params, 'rport', String(source.port));
  // Re-parsed so the typed fields (received, rport) agree with the parameters.
  return parseVia(formatVia({ ...via, params })) ?? via;
}
