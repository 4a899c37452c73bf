/**
 * quoted-string (RFC 3261 §25.1): `DQUOTE *(qdtext / quoted-pair) DQUOTE`, where
 * qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII and
 * quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F) — so an escaped NUL is legal (RFC 4475 §3.1.1.2).
 */
import { HTAB, SP } from './abnf.js';

const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const CR = 0x0d;
const LF = 0x0a;

function isQdtext(code: number): boolean {
  return code === SP || code === HTAB || code === 0x21 || (code >= 0x23 && code <= 0x5b) || (code >= 0x5d && code <= 0x7e) || code >= 0x80;
}

/**
 * Reads the quoted-string whose opening quote is at `start`. Returns the unescaped content and
 * the index just past the closing quote, or null when it is unterminated or holds a bare
 * control character.
 */
export function readQuotedString(text: string, start: number): { value: string; end: number } | null {
  if (text.charCodeAt(start) !== DQUOTE) return null;
  let value = '';
  let runStart = start + 1;
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === DQUOTE) return { value: value + text.slice(runStart, i), end: i + 1 };
    if (code === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (Number.isNaN(next) || next === CR || next === LF || next > 0x7f) return null;
      value += text.slice(runStart, i) + text[i + 1];
      i++;
      runStart = i + 1;
    } else if (!isQdtext(code)) {
      return null;
    }
  }
  return null;
}

/**
 * Quotes `value` for a header. `"` and `\` become quoted-pairs, other control characters are
 * escaped the same way, and CR and LF (which no quoted-pair can carry) become spaces, so a
 * display name typed by a user can never inject a header line.
 */
export function quoteString(value: string): string {
  let out = '"';
  let runStart = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === DQUOTE || code === BACKSLASH || (code < 0x20 && code !== HTAB) || code === 0x7f) {
      out += value.slice(runStart, i) + (code === CR || code === LF ? ' ' : '\\' + value[i]);
      runStart = i + 1;
    }
  }
  return out + value.slice(runStart) + '"';
}
