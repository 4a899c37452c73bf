/**
 * The start line (RFC 3261 §7.1, §7.2, §25.1):
 *   Request-Line = Method SP Request-URI SP SIP-Version CRLF
 *   Status-Line  = SIP-Version SP Status-Code SP Reason-Phrase CRLF
 * Exactly one SP between the elements (RFC 4475 §3.1.2.9, §3.1.2.10); a failure still says
 * which method it saw when the line is recognisably a request, so a 400 or 505 can be sent.
 */
import { isToken, trimWsp } from './abnf.js';
import { type SipParseError } from './sip-parse-error.js';

export interface RequestLine {
  readonly kind: 'request';
  readonly method: string;
  readonly requestUri: string;
  readonly version: string;
}

export interface StatusLine {
  readonly kind: 'response';
  readonly version: string;
  readonly status: number;
  readonly reason: string;
}

export type StartLineResult =
  | { readonly ok: true; readonly line: RequestLine | StatusLine }
  /** `method` is set when the line is recognisably a request, so it can be answered. */
  | { readonly ok: false; readonly error: SipParseError; readonly method?: string };

const VERSION = /^SIP\/(\d{1,9})\.(\d{1,9})$/i;

function isSip20(version: string): boolean {
  const match = VERSION.exec(version);
  return match !== null && Number(match[1]) === 2 && Number(match[2]) === 0;
}

function fail(code: SipParseError['code'], reason: string, method?: string): StartLineResult {
  return method === undefined ? { ok: false, error: { code, reason } } : { ok: false, error: { code, reason }, method };
}

function parseStatusLine(line: string): StartLineResult {
  const firstSp = line.indexOf(' ');
  const version = firstSp === -1 ? line : line.slice(0, firstSp);
  if (!VERSION.test(version)) return fail('BAD_START_LINE', 'Malformed Status-Line');
  if (!isSip20(version)) return fail('UNSUPPORTED_VERSION', `Unsupported version ${version}`);
  const codeEnd = firstSp === -1 ? -1 : line.indexOf(' ', firstSp + 1);
  const code = firstSp === -1 ? '' : line.slice(firstSp + 1, codeEnd === -1 ? line.length : codeEnd);
  const status = /^[1-6]\d\d$/.test(code) ? Number(code) : NaN;
  if (!(status >= 100 && status <= 699)) return fail('BAD_STATUS_CODE', `Bad Status-Code ${code.slice(0, 16)}`);
  // "SIP/2.0 100" without the SP before an empty Reason-Phrase is tolerated: nothing is ambiguous.
  const reason = codeEnd === -1 ? '' : line.slice(codeEnd + 1);
  return { ok: true, line: { kind: 'response', version, status, reason } };
}

function parseRequestLine(line: string): StartLineResult {
  const firstSp = line.indexOf(' ');
  const method = firstSp === -1 ? '' : line.slice(0, firstSp);
  if (!isToken(method)) return fail('BAD_START_LINE', 'Malformed start line');
  // Recognisably a request: a method, then something, then a SIP-Version at the end.
  const trimmed = trimWsp(line);
  if (!VERSION.test(trimmed.slice(trimmed.lastIndexOf(' ') + 1)) || trimmed.lastIndexOf(' ') <= firstSp) {
    return fail('BAD_START_LINE', 'Malformed Request-Line');
  }
  const lastSp = line.lastIndexOf(' ');
  const version = line.slice(lastSp + 1);
  const requestUri = line.slice(firstSp + 1, lastSp);
  if (!VERSION.test(version) || requestUri.length === 0 || /[ \t]/.test(requestUri)) {
    return fail('BAD_START_LINE', 'Malformed Request-Line', method);
  }
  if (!isSip20(version)) return fail('UNSUPPORTED_VERSION', 'Version Not Supported', method);
  return { ok: true, line: { kind: 'request', method, requestUri, version } };
}

export function parseStartLine(line: string): StartLineResult {
  // A bare CR or LF can only be garbage here, and must never reach a serializer.
  if (line.includes('\r') || line.includes('\n')) return fail('BAD_START_LINE', 'Bare CR or LF in start line');
  return /^SIP\//i.test(line) ? parseStatusLine(line) : parseRequestLine(line);
}
