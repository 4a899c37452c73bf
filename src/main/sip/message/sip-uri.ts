/**
 * URIs in SIP (RFC 3261 §19.1, §25.1): SIP and SIPS URIs in full, tel URIs (RFC 3966) with
 * their parameters, and any other absoluteURI kept opaque (RFC 4475 §3.3.2–3.3.4 require that
 * unknown schemes parse). Components are stored decoded (see uri-escape.ts).
 */
import { isAlpha, isAlphaNum } from './abnf.js';
import { formatHost, type HostKind, parseHost, parsePort } from './uri-host.js';
import { componentChars, hasOnlyComponentChars, percentDecode, percentEncode } from './uri-escape.js';

export interface UriParam {
  readonly name: string;
  /** null for a parameter without a value (`;lr`). */
  readonly value: string | null;
}

export interface UriHeader {
  readonly name: string;
  readonly value: string;
}

export interface SipUri {
  readonly kind: 'sip';
  readonly scheme: 'sip' | 'sips';
  readonly user?: string;
  readonly password?: string;
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port?: number;
  readonly params: readonly UriParam[];
  /** `?name=value&...`: allowed in Contact and Refer-To, never in a Request-URI (§19.1.1). */
  readonly headers: readonly UriHeader[];
}

export interface TelUri {
  readonly kind: 'tel';
  /** The telephone-subscriber number, e.g. `+1-201-555-0123`. */
  readonly number: string;
  readonly params: readonly UriParam[];
}

export interface AbsoluteUri {
  readonly kind: 'absolute';
  /** Lower case. */
  readonly scheme: string;
  /** Everything after the colon, as received. */
  readonly opaque: string;
}

export type Uri = SipUri | TelUri | AbsoluteUri;

// user-unreserved = & = + $ , ; ? /        password: & = + $ ,
const USER = componentChars('&=+$,;?/');
const PASSWORD = componentChars('&=+$,');
// param-unreserved = [ ] / : & + $        hnv-unreserved = [ ] / ? : + $
const PARAM = componentChars('[]/:&+$');
const HEADER = componentChars('[]/?:+$');
// uric = reserved / unreserved / escaped, reserved = ; / ? : @ & = + $ ,
const URIC = componentChars(';/?:@&=+$,[]#');
const TEL_NUMBER = /^[0-9A-Fa-f*#+\-.()]+$/;

function decoded(text: string, allowed: (code: number) => boolean): string | null {
  return text.length > 0 && hasOnlyComponentChars(text, allowed) ? percentDecode(text) : null;
}

function parseUriParams(text: string): UriParam[] | null {
  const params: UriParam[] = [];
  for (const item of text.split(';')) {
    const equals = item.indexOf('=');
    const name = decoded(equals === -1 ? item : item.slice(0, equals), PARAM);
    if (name === null) return null;
    if (equals === -1) {
      params.push({ name, value: null });
    } else {
      const raw = item.slice(equals + 1);
      const value = raw.length === 0 ? '' : decoded(raw, PARAM);
      if (value === null) return null;
      params.push({ name, value });
    }
  }
  return params;
}

function parseUriHeaders(text: string): UriHeader[] | null {
  const headers: UriHeader[] = [];
  for (const item of text.split('&')) {
    const equals = item.indexOf('=');
    if (equals === -1) return null;
    const name = decoded(item.slice(0, equals), HEADER);
    const raw = item.slice(equals + 1);
    const value = raw.length === 0 ? '' : decoded(raw, HEADER);
    if (name === null || value === null) return null;
    headers.push({ name, value });
  }
  return headers;
}

function parseSipUri(scheme: 'sip' | 'sips', rest: string): SipUri | null {
  const at = rest.indexOf('@');
  let user: string | undefined;
  let password: string | undefined;
  if (at !== -1) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(':');
    const decodedUser = decoded(colon === -1 ? userinfo : userinfo.slice(0, colon), USER);
    if (decodedUser === null) return null;
    user = decodedUser;
    if (colon !== -1) {
      const rawPassword = userinfo.slice(colon + 1);
      const decodedPassword = rawPassword.length === 0 ? '' : decoded(rawPassword, PASSWORD);
      if (decodedPassword === null) return null;
      password = decodedPassword;
    }
  }
  const hostStart = at + 1;
  const bracketClose = rest.charCodeAt(hostStart) === 0x5b ? rest.indexOf(']', hostStart) : hostStart;
  if (bracketClose === -1) return null;
  let hostportEnd = rest.length;
  for (let i = bracketClose; i < rest.length; i++) {
    const code = rest.charCodeAt(i);
    if (code === 0x3b || code === 0x3f) {
      hostportEnd = i;
      break;
    }
  }
  const hostport = rest.slice(hostStart, hostportEnd);
  const portColon = hostport.lastIndexOf(':');
  const hasPort = portColon !== -1 && portColon > hostport.lastIndexOf(']');
  const host = parseHost(hasPort ? hostport.slice(0, portColon) : hostport);
  const port = hasPort ? parsePort(hostport.slice(portColon + 1)) : undefined;
  if (!host || port === null) return null;
  const question = rest.indexOf('?', hostportEnd);
  const paramText = rest.slice(hostportEnd, question === -1 ? rest.length : question);
  const params = paramText.length === 0 ? [] : paramText.startsWith(';') ? parseUriParams(paramText.slice(1)) : null;
  const headers = question === -1 ? [] : parseUriHeaders(rest.slice(question + 1));
  if (!params || !headers) return null;
  const uri: { -readonly [K in keyof SipUri]: SipUri[K] } = { kind: 'sip', scheme, host: host.host, hostKind: host.hostKind, params, headers };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (port !== undefined) uri.port = port;
  return uri;
}

function parseTelUri(rest: string): TelUri | null {
  const semicolon = rest.indexOf(';');
  const number = semicolon === -1 ? rest : rest.slice(0, semicolon);
  if (!TEL_NUMBER.test(number)) return null;
  const params = semicolon === -1 ? [] : parseUriParams(rest.slice(semicolon + 1));
  return params ? { kind: 'tel', number, params } : null;
}

/** scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
function schemeLength(text: string): number {
  if (!isAlpha(text.charCodeAt(0))) return 0;
  let i = 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (!isAlphaNum(code) && code !== 0x2b && code !== 0x2d && code !== 0x2e) break;
    i++;
  }
  return text.charCodeAt(i) === 0x3a ? i : 0;
}

/** Parses a whole URI, or returns null. */
export function parseUri(text: string): Uri | null {
  const length = schemeLength(text);
  if (length === 0 || length + 1 >= text.length) return null;
  const scheme = text.slice(0, length).toLowerCase();
  const rest = text.slice(length + 1);
  if (scheme === 'sip' || scheme === 'sips') return parseSipUri(scheme, rest);
  if (scheme === 'tel') return parseTelUri(rest);
  return hasOnlyComponentChars(rest, URIC) && percentDecode(rest) !== null ? { kind: 'absolute', scheme, opaque: rest } : null;
}

function formatUriParams(params: readonly UriParam[]): string {
  let out = '';
  for (const param of params) {
    out += ';' + percentEncode(param.name, PARAM);
    if (param.value !== null) out += '=' + percentEncode(param.value, PARAM);
  }
  return out;
}

export function formatUri(uri: Uri): string {
  if (uri.kind === 'absolute') return `${uri.scheme}:${uri.opaque}`;
  if (uri.kind === 'tel') return `tel:${uri.number}${formatUriParams(uri.params)}`;
  let out = uri.scheme + ':';
  if (uri.user !== undefined) {
    out += percentEncode(uri.user, USER);
    if (uri.password !== undefined) out += ':' + percentEncode(uri.password, PASSWORD);
    out += '@';
  }
  out += formatHost(uri);
  if (uri.port !== undefined) out += ':' + String(uri.port);
  out += formatUriParams(uri.params);
  if (uri.headers.length > 0) {
    out += '?' + uri.headers.map((h) => `${percentEncode(h.name, HEADER)}=${percentEncode(h.value, HEADER)}`).join('&');
  }
  return out;
}

/** The value of a URI parameter (names compare case-insensitively); undefined when absent, null when valueless. */
export function uriParam(uri: SipUri | TelUri, name: string): string | null | undefined {
  const wanted = name.toLowerCase();
  return uri.params.find((p) => p.name.toLowerCase() === wanted)?.value;
}

/** A SIP URI for builders; `parseUri` is the way to read one from text. */
export function sipUri(parts: Omit<SipUri, 'kind' | 'scheme' | 'hostKind' | 'params' | 'headers'> & Partial<Pick<SipUri, 'scheme' | 'params' | 'headers'>>): SipUri {
  const host = parseHost(parts.host) ?? parseHost(`[${parts.host}]`);
  return {
    kind: 'sip',
    scheme: parts.scheme ?? 'sip',
    ...(parts.user === undefined ? {} : { user: parts.user }),
    ...(parts.password === undefined ? {} : { password: parts.password }),
    host: host?.host ?? parts.host,
    hostKind: host?.hostKind ?? 'name',
    ...(parts.port === undefined ? {} : { port: parts.port }),
    params: parts.params ?? [],
    headers: parts.headers ?? [],
  };
}
