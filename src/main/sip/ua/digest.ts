/**
 * HTTP Digest as SIP uses it (RFC 3261 §22.4, RFC 2617 §3.2.2, RFC 8760 / RFC 7616 §3.4):
 * parsing a challenge, computing the response for MD5, SHA-256 and SHA-512/256 (and their
 * -sess forms) with qop=auth or auth-int, and formatting the Authorization value. Pure.
 */
import { createHash } from 'node:crypto';
import { quoteString, splitHeaderList } from '../message/index.js';

export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

const HASHES: Readonly<Record<string, string>> = { 'MD5': 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };
const ALGORITHMS: readonly DigestAlgorithm[] = ['MD5', 'MD5-sess', 'SHA-256', 'SHA-256-sess', 'SHA-512-256', 'SHA-512-256-sess'];

export interface DigestChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly opaque: string | undefined;
  readonly algorithm: DigestAlgorithm;
  /** The qop options offered; empty for an RFC 2069-style challenge. */
  readonly qop: readonly string[];
  /** The nonce was stale: retry with the new one without asking the user (RFC 2617 §3.2.1). */
  readonly stale: boolean;
}

export interface DigestCredentials {
  readonly username: string;
  readonly password: string;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('"') || !trimmed.endsWith('"') || trimmed.length < 2) return trimmed;
  return trimmed.slice(1, -1).replace(/\\(.)/g, '$1');
}

/**
 * One WWW-Authenticate or Proxy-Authenticate value. Undefined when it is not Digest, lacks
 * realm or nonce, or names an algorithm we do not implement (the caller then tries the next
 * challenge, RFC 8760 §2.4: the server lists them in order of preference).
 */
export function parseDigestChallenge(value: string): DigestChallenge | undefined {
  const match = /^\s*Digest\s+/i.exec(value);
  if (!match) return undefined;
  const params = new Map<string, string>();
  for (const item of splitHeaderList(value.slice(match[0].length))) {
    const equals = item.indexOf('=');
    if (equals > 0) params.set(item.slice(0, equals).trim().toLowerCase(), unquote(item.slice(equals + 1)));
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithmName = params.get('algorithm') ?? 'MD5';
  const algorithm = ALGORITHMS.find((a) => a.toLowerCase() === algorithmName.toLowerCase());
  if (realm === undefined || nonce === undefined || algorithm === undefined) return undefined;
  const qop = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase()).filter((q) => q !== '');
  return { realm, nonce, opaque: params.get('opaque'), algorithm, qop, stale: (params.get('stale') ?? '').toLowerCase() === 'true' };
}

/** The first challenge we can answer, in the server's order (RFC 8760 §2.4). */
export function pickDigestChallenge(values: readonly string[]): DigestChallenge | undefined {
  for (const value of values) {
    const challenge = parseDigestChallenge(value);
    if (challenge) return challenge;
  }
  return undefined;
}

export function digestHash(algorithm: DigestAlgorithm, text: string | Uint8Array): string {
  const name = HASHES[algorithm.replace(/-sess$/, '')] ?? 'md5';
  return createHash(name).update(text).digest('hex');
}

export interface DigestInput {
  readonly algorithm: DigestAlgorithm;
  readonly username: string;
  readonly realm: string;
  readonly password: string;
  readonly method: string;
  /** The digest-uri: the Request-URI (§22.4). */
  readonly uri: string;
  readonly nonce: string;
  /** `auth`, `auth-int`, or undefined for the RFC 2069 form. */
  readonly qop?: 'auth' | 'auth-int';
  /** 8 hex digits, e.g. `00000001`. */
  readonly nc?: string;
  readonly cnonce?: string;
  /** For auth-int: the message body. */
  readonly body?: Uint8Array;
}

/** The request-digest of RFC 2617 §3.2.2.1 with the hash of RFC 7616 §3.4. */
export function digestResponse(input: DigestInput): string {
  const H = (text: string | Uint8Array): string => digestHash(input.algorithm, text);
  let ha1 = H(`${input.username}:${input.realm}:${input.password}`);
  if (input.algorithm.endsWith('-sess')) ha1 = H(`${ha1}:${input.nonce}:${input.cnonce ?? ''}`);
  const a2 = input.qop === 'auth-int' ? `${input.method}:${input.uri}:${H(input.body ?? new Uint8Array(0))}` : `${input.method}:${input.uri}`;
  const ha2 = H(a2);
  if (input.qop === undefined) return H(`${ha1}:${input.nonce}:${ha2}`);
  return H(`${ha1}:${input.nonce}:${input.nc ?? '00000001'}:${input.cnonce ?? ''}:${input.qop}:${ha2}`);
}

/** The Authorization (or Proxy-Authorization) value answering `challenge` (RFC 2617 §3.2.2, RFC 3261 §22.4). */
export function digestAuthorization(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  request: { readonly method: string; readonly uri: string; readonly body?: Uint8Array },
  counters: { readonly nc: number; readonly cnonce: string },
): string {
  const qop = challenge.qop.includes('auth') ? 'auth' : challenge.qop.includes('auth-int') ? 'auth-int' : undefined;
  const nc = counters.nc.toString(16).padStart(8, '0');
  const response = digestResponse({
    algorithm: challenge.algorithm,
    username: credentials.username,
    realm: challenge.realm,
    password: credentials.password,
    method: request.method,
    uri: request.uri,
    nonce: challenge.nonce,
    ...(qop === undefined ? {} : { qop, nc, cnonce: counters.cnonce }),
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const parts = [
    `username=${quoteString(credentials.username)}`,
    `realm=${quoteString(challenge.realm)}`,
    `nonce=${quoteString(challenge.nonce)}`,
    `uri=${quoteString(request.uri)}`,
    `response=${quoteString(response)}`,
    `algorithm=${challenge.algorithm}`,
  ];
  if (qop !== undefined) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quoteString(counters.cnonce)}`);
  if (challenge.opaque !== undefined) parts.push(`opaque=${quoteString(challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
