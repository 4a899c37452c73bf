/**
 * sent-by (RFC 3261 §18.1.2, §18.2.2, §20.42): the host and port of the top Via. A missing port
 * means the default for the transport, 5060 for UDP and TCP (§19.1.2); TLS would be 5061, but
 * Parley speaks no TLS on these transports (its PARLEY streams are encrypted below SIP).
 */
import { type Via } from '../message/index.js';
import { sameHost } from './normalize-host.js';

export const SIP_DEFAULT_PORT = 5060;
export const SIPS_DEFAULT_PORT = 5061;

export interface SentBy {
  readonly host: string;
  readonly port: number;
}

export function defaultPortFor(transport: string): number {
  return transport.toUpperCase() === 'TLS' ? SIPS_DEFAULT_PORT : SIP_DEFAULT_PORT;
}

/** The sent-by of a Via with its default port filled in. */
export function sentByOf(via: Via): SentBy {
  return { host: via.host, port: via.port ?? defaultPortFor(via.transport) };
}

/**
 * §18.1.2: a response whose top Via sent-by is not one this transport layer puts into requests
 * "MUST be silently discarded" — it was not meant for us (a misrouted or spoofed response).
 */
export function sentByMatches(via: Via, own: readonly SentBy[]): boolean {
  const sentBy = sentByOf(via);
  return own.some((mine) => mine.port === sentBy.port && sameHost(mine.host, sentBy.host));
}
