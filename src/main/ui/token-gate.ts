import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who may use a served node: whoever holds the token printed by `parley serve`. The token
 * arrives once in the page URL (`?token=`), then as an HttpOnly SameSite=Strict cookie the
 * server sets, so scripts and other sites never see it; scripts may also send
 * `Authorization: Bearer <token>`. Pure, so every path is tested without sockets.
 */
export type Credential = { source: 'query' | 'cookie' | 'bearer'; valid: boolean } | { source: 'none'; valid: false };

export function cookieNameFor(port: number): string {
  // Cookies are per host, not per port: two nodes on 127.0.0.1 must not overwrite each other's.
  return `parley_token_${port}`;
}

export function checkCredential(url: URL, headers: IncomingHttpHeaders, token: string, cookieName: string): Credential {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return { source: 'query', valid: sameToken(fromQuery, token) };
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) {
    return { source: 'bearer', valid: sameToken(authorization.replace(/^bearer\s+/i, '').trim(), token) };
  }
  const fromCookie = readCookie(headers.cookie, cookieName);
  if (fromCookie !== undefined) return { source: 'cookie', valid: sameToken(fromCookie, token) };
  return { source: 'none', valid: false };
}

/**
 * DNS rebinding defence: a page on evil.example that resolves to 127.0.0.1 sends
 * `Host: evil.example`. A loopback node answers only to its own loopback names.
 */
export function isAllowedHost(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  return hostHeader !== undefined && allowed.has(hostHeader.toLowerCase());
}

/** A WebSocket from a browser must come from the node's own page (no cross-site sockets). */
export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser (scripts, tests): the token decides
  return hostHeader !== undefined && (origin === `http://${hostHeader}` || origin === `https://${hostHeader}`);
}

export function sessionCookie(name: string, token: string): string {
  return `${name}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
