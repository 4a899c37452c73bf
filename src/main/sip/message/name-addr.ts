/**
 * The address in From, To, Contact, Route, Record-Route, Reply-To and Refer-To:
 * `( name-addr / addr-spec ) *( SEMI generic-param )` (RFC 3261 §20.10, §25.1), where
 * name-addr = [ display-name ] LAQUOT addr-spec RAQUOT and display-name = *(token LWS) / quoted-string.
 * Without angle brackets every `;param` belongs to the header, not to the URI (§20.10), and a
 * URI containing `,`, `;` or `?` must be bracketed (§20; RFC 4475 §3.1.2.13).
 */
import { isWsp, scanToken, skipWsp } from './abnf.js';
import { findParam, formatParams, type GenericParam, readParams } from './generic-params.js';
import { quoteString, readQuotedString } from './quoted-string.js';
import { formatUri, parseUri, type Uri } from './sip-uri.js';

export interface NameAddr {
  /** Unquoted and unescaped; absent when there was none (`""` gives the empty string). */
  readonly displayName?: string;
  readonly uri: Uri;
  /** Header parameters (tag, expires, q, lr...). */
  readonly params: readonly GenericParam[];
}

/** Where the display name ends and the `<` starts, or -1 when the value is an addr-spec. */
function findDisplayNameEnd(text: string, start: number): { displayName?: string; angle: number } | null {
  let i = start;
  if (text.charCodeAt(i) === 0x22) {
    const quoted = readQuotedString(text, i);
    if (!quoted) return null;
    const angle = skipWsp(text, quoted.end);
    return text.charCodeAt(angle) === 0x3c ? { displayName: quoted.value, angle } : null;
  }
  const words: string[] = [];
  for (;;) {
    const end = scanToken(text, i);
    if (end === i) break;
    words.push(text.slice(i, end));
    i = skipWsp(text, end);
  }
  if (text.charCodeAt(i) !== 0x3c) return { angle: -1 };
  return words.length === 0 ? { angle: i } : { displayName: words.join(' '), angle: i };
}

/**
 * Parses a single address value (one element of a list). Returns null when it is malformed:
 * an unterminated quote (RFC 4475 §3.1.2.6), spaces inside `<>` (§3.1.2.14), unquoted
 * non-token characters in a display name (§3.1.2.15), `?` in an addr-spec (§3.1.2.13).
 */
export function parseNameAddr(value: string): NameAddr | null {
  const start = skipWsp(value, 0);
  const head = findDisplayNameEnd(value, start);
  if (!head) return null;
  let uriText: string;
  let rest: number;
  if (head.angle >= 0) {
    const close = value.indexOf('>', head.angle);
    if (close === -1) return null;
    uriText = value.slice(head.angle + 1, close);
    rest = close + 1;
  } else {
    let end = start;
    while (end < value.length && value.charCodeAt(end) !== 0x3b && !isWsp(value.charCodeAt(end))) end++;
    uriText = value.slice(start, end);
    if (uriText.includes('?') || uriText.includes(',')) return null;
    rest = end;
  }
  for (let i = 0; i < uriText.length; i++) {
    const code = uriText.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f || code === 0x3c || code === 0x22) return null;
  }
  const uri = parseUri(uriText);
  if (!uri) return null;
  const params = readParams(value, rest);
  if (!params || params.end !== value.length) return null;
  const address: { -readonly [K in keyof NameAddr]: NameAddr[K] } = { uri, params: params.params };
  if (head.displayName !== undefined) address.displayName = head.displayName;
  return address;
}

/** Always the name-addr form, which is never ambiguous. */
export function formatNameAddr(address: NameAddr): string {
  const name = address.displayName === undefined ? '' : quoteString(address.displayName) + ' ';
  return `${name}<${formatUri(address.uri)}>${formatParams(address.params)}`;
}

/** The `tag` parameter of From or To (§19.3). */
export function tagOf(address: NameAddr): string | undefined {
  return findParam(address.params, 'tag')?.value ?? undefined;
}
