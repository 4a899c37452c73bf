/**
 * Bytes to a validated message (RFC 3261 §7, §8.2, §18.3). Pure and synchronous. Datagrams and
 * stream messages differ only in framing: on a datagram a missing Content-Length means the body
 * runs to the end, a longer one is an error and a shorter one truncates (§18.3, RFC 4475
 * §3.1.1.8, §3.1.2.2); on a stream the framer (stream-framer.ts) has already cut the message
 * with its mandatory Content-Length.
 */
import { parseContentLength } from './scalar-headers.js';
import { parseHeaderSection } from './header-section.js';
import { headerKey } from './header-names.js';
import { type SipCoreHeaders, validateMessage, withReply } from './message-validation.js';
import { SipHeaders, type SipHeaderField } from './sip-headers.js';
import { SIP_MESSAGE_LIMITS, type SipMessageLimits } from './sip-limits.js';
import { type SipMessage } from './sip-message.js';
import { type SipParseError } from './sip-parse-error.js';
import { parseStartLine, type StartLineResult } from './start-line.js';

export type SipParseResult =
  | { readonly ok: true; readonly message: SipMessage; readonly core: SipCoreHeaders }
  | { readonly ok: false; readonly error: SipParseError };

export type SipFraming = 'datagram' | 'stream';

/** A head (start line + headers) read before the body is known. */
export interface SipHead {
  readonly startLine: StartLineResult;
  readonly fields: readonly SipHeaderField[];
  readonly error?: SipParseError;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A copy, so a message never pins (or sees changes to) a socket or framer buffer. */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(bytes.subarray(start, end));
  return out;
}

/** Parses the head text (without the final CRLFCRLF). */
export function parseSipHead(head: string, limits: SipMessageLimits = SIP_MESSAGE_LIMITS): SipHead {
  const lineEnd = head.indexOf('\r\n');
  const line = lineEnd === -1 ? head : head.slice(0, lineEnd);
  if (line.length > limits.maxLineLength) {
    return { startLine: { ok: false, error: { code: 'LINE_TOO_LONG', reason: 'Start line too long' } }, fields: [] };
  }
  const startLine = parseStartLine(line);
  const section = parseHeaderSection(head, lineEnd === -1 ? head.length : lineEnd + 2, limits);
  return section.error ? { startLine, fields: section.fields, error: section.error } : { startLine, fields: section.fields };
}

function methodOf(head: SipHead): string | undefined {
  if (head.startLine.ok) return head.startLine.line.kind === 'request' ? head.startLine.line.method : undefined;
  return head.startLine.method;
}

/** The error with a reply attached when the head allows one. */
export function rejectHead(head: SipHead, error: SipParseError): SipParseError {
  return withReply(error, methodOf(head), head.fields);
}

/** Content-Length from the head: undefined when absent, an error when malformed or repeated (RFC 4475 §3.1.2.3, §3.3.9). */
export function headContentLength(head: SipHead): number | undefined | SipParseError {
  const values = head.fields.filter((field) => headerKey(field.name) === 'content-length');
  if (values.length === 0) return undefined;
  const length = values.length === 1 ? parseContentLength(values[0]?.value ?? '') : null;
  if (length !== null) return length;
  return { code: 'BAD_CONTENT_LENGTH', reason: values.length === 1 ? 'Malformed Content-Length' : 'Multiple Content-Length headers', header: 'Content-Length' };
}

/** Builds and validates the message once its body is known. */
export function completeSipMessage(head: SipHead, body: Uint8Array, limits: SipMessageLimits = SIP_MESSAGE_LIMITS): SipParseResult {
  if (!head.startLine.ok) return { ok: false, error: rejectHead(head, head.startLine.error) };
  if (head.error) return { ok: false, error: rejectHead(head, head.error) };
  const line = head.startLine.line;
  const headers = SipHeaders.fromParsed(head.fields);
  const message: SipMessage =
    line.kind === 'request'
      ? { kind: 'request', method: line.method, requestUri: line.requestUri, version: line.version, headers, body }
      : { kind: 'response', version: line.version, status: line.status, reason: line.reason, headers, body };
  const core = validateMessage(message, limits);
  return core.ok ? { ok: true, message, core: core.value } : { ok: false, error: rejectHead(head, core.error) };
}

function fail(error: SipParseError): SipParseResult {
  return { ok: false, error };
}

/**
 * Parses one whole message. `datagram` (the default) applies UDP's Content-Length rules;
 * `stream` requires Content-Length to match the bytes exactly.
 */
export function parseSipMessage(
  input: Uint8Array,
  options: { framing?: SipFraming; limits?: SipMessageLimits } = {},
): SipParseResult {
  const limits = options.limits ?? SIP_MESSAGE_LIMITS;
  const bytes = asBuffer(input);
  let start = 0;
  // §7.5: CRLFs before the start line are ignored.
  while (start + 1 < bytes.length && bytes[start] === 0x0d && bytes[start + 1] === 0x0a) start += 2;
  if (start >= bytes.length || (start === bytes.length - 1 && (bytes[start] === 0x0d || bytes[start] === 0x0a))) {
    return fail({ code: 'EMPTY_MESSAGE', reason: 'Empty message' });
  }
  const headEnd = bytes.indexOf(CRLFCRLF, start);
  const headLength = (headEnd === -1 ? bytes.length : headEnd) - start;
  if (headLength > limits.maxHeadBytes) return fail({ code: 'MESSAGE_TOO_LARGE', reason: 'Message Too Large' });
  const head = parseSipHead(bytes.toString('utf8', start, start + headLength), limits);
  if (headEnd === -1) return fail(rejectHead(head, { code: 'INCOMPLETE_MESSAGE', reason: 'Missing empty line after headers' }));
  if (bytes.length - start > limits.maxMessageBytes) return fail(rejectHead(head, { code: 'MESSAGE_TOO_LARGE', reason: 'Message Too Large' }));
  const bodyStart = headEnd + 4;
  const available = bytes.length - bodyStart;
  const length = headContentLength(head);
  if (typeof length === 'object') return fail(rejectHead(head, length));
  let bodyLength = available;
  if (options.framing === 'stream') {
    if (length === undefined) return fail(rejectHead(head, { code: 'MISSING_CONTENT_LENGTH', reason: 'Missing Content-Length', header: 'Content-Length' }));
    if (length !== available) return fail(rejectHead(head, { code: 'CONTENT_LENGTH_MISMATCH', reason: 'Content-Length Mismatch', header: 'Content-Length' }));
  } else if (length !== undefined) {
    if (length > available) return fail(rejectHead(head, { code: 'CONTENT_LENGTH_MISMATCH', reason: 'Content-Length Exceeds Datagram', header: 'Content-Length' }));
    bodyLength = length;
  }
  return completeSipMessage(head, copyBytes(bytes, bodyStart, bodyStart + bodyLength), limits);
}

/** A datagram of nothing but CR and LF: a keep-alive (RFC 5626 §3.5.1 style), not a message. */
export function isKeepAlive(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  for (const byte of bytes) if (byte !== 0x0d && byte !== 0x0a) return false;
  return true;
}
