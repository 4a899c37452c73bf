/**
 * Header parameters: `*( SEMI generic-param )` with generic-param = token [ EQUAL gen-value ]
 * and gen-value = token / host / quoted-string (RFC 3261 §25.1). SEMI and EQUAL allow
 * whitespace around them (`;   tag    = 1918181833n` in RFC 4475 §3.1.1.1).
 */
import { isTokenChar, scanToken, skipWsp } from './abnf.js';
import { quoteString, readQuotedString } from './quoted-string.js';

export interface GenericParam {
  readonly name: string;
  /** null for a parameter without `=` (`;lr`); the unquoted content when `quoted`. */
  readonly value: string | null;
  readonly quoted: boolean;
}

function isHostValueChar(code: number): boolean {
  // host adds ":" "[" "]" to the token characters (IPv6 references in received=, maddr=).
  return isTokenChar(code) || code === 0x3a || code === 0x5b || code === 0x5d;
}

/**
 * Reads parameters starting at `start` (at a `;` or whitespace before it). Returns them and the
 * index where they stop — the end of the text, or the first character that does not continue a
 * parameter list (a `,` for example) — or null when a `;` is not followed by a parameter.
 */
export function readParams(text: string, start: number): { params: GenericParam[]; end: number } | null {
  const params: GenericParam[] = [];
  let i = skipWsp(text, start);
  while (i < text.length && text.charCodeAt(i) === 0x3b) {
    const nameStart = skipWsp(text, i + 1);
    const nameEnd = scanToken(text, nameStart);
    if (nameEnd === nameStart) return null;
    const name = text.slice(nameStart, nameEnd);
    i = skipWsp(text, nameEnd);
    if (text.charCodeAt(i) !== 0x3d) {
      params.push({ name, value: null, quoted: false });
      continue;
    }
    const valueStart = skipWsp(text, i + 1);
    if (text.charCodeAt(valueStart) === 0x22) {
      const quoted = readQuotedString(text, valueStart);
      if (!quoted) return null;
      params.push({ name, value: quoted.value, quoted: true });
      i = skipWsp(text, quoted.end);
    } else {
      let valueEnd = valueStart;
      while (valueEnd < text.length && isHostValueChar(text.charCodeAt(valueEnd))) valueEnd++;
      if (valueEnd === valueStart) return null;
      params.push({ name, value: text.slice(valueStart, valueEnd), quoted: false });
      i = skipWsp(text, valueEnd);
    }
  }
  return { params, end: i };
}

/** The first parameter named `name` (parameter names are case-insensitive, §7.3.1). */
export function findParam(params: readonly GenericParam[], name: string): GenericParam | undefined {
  const wanted = name.toLowerCase();
  return params.find((param) => param.name.toLowerCase() === wanted);
}

export function formatParams(params: readonly GenericParam[]): string {
  let out = '';
  for (const param of params) {
    out += ';' + param.name;
    if (param.value !== null) out += '=' + (param.quoted ? quoteString(param.value) : param.value);
  }
  return out;
}

/** A parameter for builders: quoted when the value is not a plain token/host. */
export function param(name: string, value: string | null = null): GenericParam {
  if (value === null) return { name, value, quoted: false };
  let plain = value.length > 0;
  for (let i = 0; plain && i < value.length; i++) plain = isHostValueChar(value.charCodeAt(i));
  return { name, value, quoted: !plain };
}
