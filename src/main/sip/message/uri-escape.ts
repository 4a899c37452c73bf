/**
 * `escaped = "%" HEXDIG HEXDIG` (RFC 3261 §25.1, RFC 3986 §2.1). URI components are kept
 * decoded in the model and escaped again when formatted, so `%75se%72` and `user` are the same
 * user (§19.1.4) and an escaped NUL stays a NUL (RFC 4475 §3.1.1.4) instead of ending a string.
 */
import { isAlphaNum, isHexDigit } from './abnf.js';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Decodes %HH escapes (octets, read as UTF-8); null when a `%` is not followed by two hex digits. */
export function percentDecode(text: string): string | null {
  if (text.indexOf('%') === -1) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      if (!isHexDigit(text.charCodeAt(i + 1)) || !isHexDigit(text.charCodeAt(i + 2))) return null;
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      const char = String.fromCodePoint(text.codePointAt(i) ?? code);
      for (const byte of encoder.encode(char)) bytes.push(byte);
      i += char.length - 1;
    }
  }
  return utf8.decode(new Uint8Array(bytes));
}

/**
 * A test for the characters a URI component may carry unescaped: `unreserved` (alphanum and the
 * marks - _ . ! ~ * ' ( )) plus the component's own extra characters.
 */
export function componentChars(extra: string): (code: number) => boolean {
  const allowed = new Uint8Array(128);
  for (let code = 0; code < 128; code++) if (isAlphaNum(code)) allowed[code] = 1;
  for (const char of "-_.!~*'()" + extra) allowed[char.charCodeAt(0)] = 1;
  return (code) => code < 128 && allowed[code] === 1;
}

/** Every character of `text` is allowed raw or is part of an escape. */
export function hasOnlyComponentChars(text: string, allowed: (code: number) => boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 0x25 && !allowed(code)) return false;
  }
  return true;
}

/** Escapes every UTF-8 octet of `text` that `allowed` refuses. */
export function percentEncode(text: string, allowed: (code: number) => boolean): string {
  let plain = true;
  for (let i = 0; plain && i < text.length; i++) plain = allowed(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x25;
  if (plain) return text;
  let out = '';
  for (const byte of encoder.encode(text)) {
    out += byte < 0x80 && byte !== 0x25 && allowed(byte) ? String.fromCharCode(byte) : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
