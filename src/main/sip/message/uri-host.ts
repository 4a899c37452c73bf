/**
 * host and port (RFC 3261 §25.1): `host = hostname / IPv4address / IPv6reference`,
 * `port = 1*DIGIT`. IPv6 hosts are kept without their brackets; formatHost adds them back.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { isAlpha, isAlphaNum, isDigit, parseDecimal } from './abnf.js';

export type HostKind = 'name' | 'ipv4' | 'ipv6';

export interface Host {
  readonly host: string;
  readonly hostKind: HostKind;
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ]: labels of alphanum with inner "-", and a
 * toplabel that starts with ALPHA (so "192.0.2.300" is not a hostname). One pass, no allocation.
 */
function isHostname(text: string): boolean {
  const end = text.endsWith('.') ? text.length - 1 : text.length;
  let labelStart = 0;
  for (let i = 0; i <= end; i++) {
    const code = i === end ? 0x2e : text.charCodeAt(i);
    if (code === 0x2e) {
      const length = i - labelStart;
      if (length === 0 || length > 63 || text.charCodeAt(i - 1) === 0x2d) return false;
      if (i === end) return isAlpha(text.charCodeAt(labelStart));
      labelStart = i + 1;
    } else if (!isAlphaNum(code) && (code !== 0x2d || i === labelStart)) {
      return false;
    }
  }
  return false;
}

/** Parses a whole host; `[...]` for IPv6. */
export function parseHost(text: string): Host | null {
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) return null;
    const inner = text.slice(1, -1);
    return isIPv6(inner) ? { host: inner, hostKind: 'ipv6' } : null;
  }
  if (text.length > 0 && isDigit(text.charCodeAt(0)) && isIPv4(text)) return { host: text, hostKind: 'ipv4' };
  return isHostname(text) ? { host: text, hostKind: 'name' } : null;
}

export function formatHost(host: Host): string {
  return host.hostKind === 'ipv6' ? `[${host.host}]` : host.host;
}

export function parsePort(text: string): number | null {
  return parseDecimal(text, 65535);
}

/** Index just past a host starting at `start`: a bracketed IPv6 reference or a run of host characters. */
export function scanHost(text: string, start: number): number {
  if (text.charCodeAt(start) === 0x5b) {
    const close = text.indexOf(']', start);
    return close === -1 ? text.length : close + 1;
  }
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isAlphaNum(code) && code !== 0x2d && code !== 0x2e) break;
    i++;
  }
  return i;
}
