/**
 * The basic rules of RFC 3261 §25.1 as character tests on UTF-16 code units. Everything is
 * table-driven and single-pass, so no parser built on these can backtrack (the fuzz and
 * adversarial tests check that long inputs stay linear).
 */
const TOKEN_PUNCTUATION = "-.!%*_+`'~";
// word (§25.1, used by Call-ID) = token characters plus ( ) < > : \ " / [ ] ? { }
const WORD_PUNCTUATION = TOKEN_PUNCTUATION + '()<>:\\"/[]?{}';

function table(extra: string): Uint8Array {
  const out = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) out[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) out[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) out[c] = 1;
  for (const char of extra) out[char.charCodeAt(0)] = 1;
  return out;
}

const TOKEN = table(TOKEN_PUNCTUATION);
const WORD = table(WORD_PUNCTUATION);

export const SP = 0x20;
export const HTAB = 0x09;

export function isTokenChar(code: number): boolean {
  return code < 128 && TOKEN[code] === 1;
}

export function isWordChar(code: number): boolean {
  return code < 128 && WORD[code] === 1;
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function isAlphaNum(code: number): boolean {
  return isAlpha(code) || isDigit(code);
}

export function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** WSP = SP / HTAB; after unfolding, LWS and SWS are runs of these. */
export function isWsp(code: number): boolean {
  return code === SP || code === HTAB;
}

/** Index of the first non-WSP character at or after `i`. */
export function skipWsp(text: string, i: number): number {
  while (i < text.length && isWsp(text.charCodeAt(i))) i++;
  return i;
}

/** Index just past the run of token characters starting at `i` (equal to `i` when there is none). */
export function scanToken(text: string, i: number): number {
  while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
  return i;
}

export function isToken(text: string): boolean {
  return text.length > 0 && scanToken(text, 0) === text.length;
}

/** Trims SP and HTAB (and nothing else: a NUL or a vertical tab is content, not whitespace). */
export function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text.charCodeAt(start))) start++;
  while (end > start && isWsp(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * `1*DIGIT` as a number no greater than `max`, or null. Leading zeros are allowed
 * (`MaX-fOrWaRdS: 0068` in RFC 4475 §3.1.1.1); overlong values are refused before any
 * arithmetic, so `36893488147419103232` never turns into an imprecise float.
 */
export function parseDecimal(text: string, max: number): number | null {
  if (text.length === 0) return null;
  let i = 0;
  while (i < text.length - 1 && text.charCodeAt(i) === 0x30) i++;
  if (text.length - i > String(max).length) return null;
  let value = 0;
  for (let j = i; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (!isDigit(code)) return null;
    value = value * 10 + (code - 0x30);
  }
  for (let j = 0; j < i; j++) if (text.charCodeAt(j) !== 0x30) return null;
  return value <= max ? value : null;
}
