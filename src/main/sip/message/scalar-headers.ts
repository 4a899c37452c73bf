/**
 * Headers whose value is one number or one word (RFC 3261 §20, §25.1). Each returns null for
 * a value it does not accept, and the caller turns that into a typed error.
 */
import { isWordChar, parseDecimal, trimWsp } from './abnf.js';

/** Max-Forwards = 1*DIGIT, "an integer in the range 0-255" (§20.22; RFC 4475 §3.1.2.4 sends 300). */
export function parseMaxForwards(value: string): number | null {
  return parseDecimal(trimWsp(value), 255);
}

/**
 * Content-Length = 1*DIGIT (§20.14). Negative or non-numeric values (RFC 4475 §3.1.2.3) are
 * refused; so is anything above 2^31-1, far beyond SipMessageLimits, which the framer applies.
 */
export function parseContentLength(value: string): number | null {
  return parseDecimal(trimWsp(value), 2 ** 31 - 1);
}

/** delta-seconds = 1*DIGIT, between 0 and 2^32-1 (§20.19 Expires, §20.10 Contact expires). */
export function parseDeltaSeconds(value: string): number | null {
  return parseDecimal(trimWsp(value), 2 ** 32 - 1);
}

/** callid = word [ "@" word ] (§20.8, §25.1). */
export function parseCallId(value: string): string | null {
  const text = trimWsp(value);
  const at = text.indexOf('@');
  if (text.length === 0 || at === 0 || at === text.length - 1) return null;
  for (let i = 0; i < text.length; i++) {
    if (i !== at && !isWordChar(text.charCodeAt(i))) return null;
  }
  return text;
}
