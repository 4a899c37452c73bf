/**
 * Splits a header value into its comma-separated elements (RFC 3261 §7.3.1), ignoring commas
 * inside quoted-strings and inside `<...>` (URIs may contain commas: RFC 4475 §3.1.1.2).
 * Elements are trimmed of SP/HTAB and may be empty (`a,,b`): the caller decides whether that
 * is an error. Only list-valued headers may be split; Date and the authentication headers
 * contain commas that are not separators.
 */
import { trimWsp } from './abnf.js';

export function splitHeaderList(value: string): string[] {
  const out: string[] = [];
  let inQuotes = false;
  let inAngles = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (inQuotes) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inQuotes = false;
    } else if (code === 0x22) {
      inQuotes = true;
    } else if (code === 0x3c) {
      inAngles = true;
    } else if (code === 0x3e) {
      inAngles = false;
    } else if (code === 0x2c && !inAngles) {
      out.push(trimWsp(value.slice(start, i)));
      start = i + 1;
    }
  }
  out.push(trimWsp(value.slice(start)));
  return out;
}
