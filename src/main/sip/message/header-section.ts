/**
 * The header lines between the start line and the empty line (RFC 3261 §7.3): each is
 * `field-name HCOLON field-value`, where HCOLON = *( SP / HTAB ) ":" SWS, and a line that starts
 * with SP or HTAB continues the previous one (folding, §7.3.1). Unfolding replaces each
 * CRLF + whitespace by one SP, which the grammar treats the same.
 */
import { isToken, isWsp, trimWsp } from './abnf.js';
import { canonicalHeaderName } from './header-names.js';
import { type SipHeaderField } from './sip-headers.js';
import { type SipMessageLimits } from './sip-limits.js';
import { type SipParseError } from './sip-parse-error.js';

export interface HeaderSection {
  /** The fields read; when `error` is set, those before the problem (so a 400 can still copy Via...). */
  readonly fields: SipHeaderField[];
  readonly error?: SipParseError;
}

/** Parses `text` from index `start` (just after the start line's CRLF) to its end. */
export function parseHeaderSection(text: string, start: number, limits: SipMessageLimits): HeaderSection {
  const fields: SipHeaderField[] = [];
  let name: string | null = null;
  let parts: string[] = [];
  let length = 0;
  let error: SipParseError | undefined;

  const flush = (): void => {
    if (name !== null) fields.push({ name, value: parts.join(' ') });
    name = null;
    parts = [];
  };

  let lineStart = start;
  while (lineStart < text.length && !error) {
    const crlf = text.indexOf('\r\n', lineStart);
    const lineEnd = crlf === -1 ? text.length : crlf;
    const line = text.slice(lineStart, lineEnd);
    lineStart = lineEnd + 2;
    if (line.includes('\r') || line.includes('\n')) {
      error = { code: 'BAD_HEADER_LINE', reason: 'Bare CR or LF in header' };
    } else if (line.length > 0 && isWsp(line.charCodeAt(0))) {
      if (name === null) {
        error = { code: 'BAD_HEADER_LINE', reason: 'Folded line before any header' };
        break;
      }
      const part = trimWsp(line);
      length += part.length + 1;
      if (part.length > 0) parts.push(part);
    } else {
      flush();
      const colon = line.indexOf(':');
      const fieldName = colon === -1 ? '' : trimWsp(line.slice(0, colon));
      if (!isToken(fieldName)) {
        error = { code: 'BAD_HEADER_LINE', reason: 'Malformed header line' };
        break;
      }
      if (fields.length === limits.maxHeaderCount) {
        error = { code: 'TOO_MANY_HEADERS', reason: `More than ${limits.maxHeaderCount} headers` };
        break;
      }
      name = canonicalHeaderName(fieldName);
      const value = trimWsp(line.slice(colon + 1));
      length = line.length;
      if (value.length > 0) parts.push(value);
    }
    if (length > limits.maxLineLength) error = { code: 'LINE_TOO_LONG', reason: 'Header Too Long', ...(name === null ? {} : { header: name }) };
  }
  if (!error) flush();
  return error ? { fields, error } : { fields };
}
