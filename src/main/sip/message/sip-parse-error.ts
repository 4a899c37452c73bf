/**
 * Expected failures of the message layer are values with stable codes (STYLE.md habit 6).
 * A parse error also says whether the peer can still be answered: RFC 3261 §8.2 wants a
 * `400 Bad Request` (or `505`, `513`) for a broken request whose response can be routed
 * back, and a response or an unroutable request is dropped silently (§16.3, §18.1.2).
 */
import { type SipHeaderField } from './sip-headers.js';
import { type Via } from './via.js';

export type SipParseErrorCode =
  /** Nothing but whitespace, or nothing at all. */
  | 'EMPTY_MESSAGE'
  /** Bigger than SipMessageLimits.maxMessageBytes / maxHeadBytes (answered with 513). */
  | 'MESSAGE_TOO_LARGE'
  | 'TOO_MANY_HEADERS'
  | 'LINE_TOO_LONG'
  | 'TOO_MANY_VIAS'
  /** The start line is neither a Request-Line nor a Status-Line (§7.1, §7.2). */
  | 'BAD_START_LINE'
  /** A well-formed SIP-Version other than SIP/2.0: the caller answers 505 (§21.5.6). */
  | 'UNSUPPORTED_VERSION'
  /** A Status-Code that is not three digits between 100 and 699 (§7.2, §21). */
  | 'BAD_STATUS_CODE'
  | 'BAD_REQUEST_URI'
  /** A header line without a colon, with a bad name, a stray CR or LF, or a fold at the top. */
  | 'BAD_HEADER_LINE'
  /** The head never ends with CRLFCRLF (§7.5). */
  | 'INCOMPLETE_MESSAGE'
  | 'MISSING_HEADER'
  /** More than one value in a header that allows one (RFC 4475 §3.3.8). */
  | 'DUPLICATE_HEADER'
  | 'MALFORMED_HEADER'
  /** CSeq method differs from the request method (§8.1.1.5, RFC 4475 §3.1.2.17). */
  | 'CSEQ_METHOD_MISMATCH'
  | 'BAD_CONTENT_LENGTH'
  /** No Content-Length on a stream, where it is mandatory (§18.3, §20.14). */
  | 'MISSING_CONTENT_LENGTH'
  /** A datagram shorter than its Content-Length says (§18.3), or a stream message with extra bytes. */
  | 'CONTENT_LENGTH_MISMATCH';

/** What a UAS or the transport needs to answer a request it could not accept. */
export interface SipRejectReply {
  readonly status: 400 | 505 | 513;
  /** A reason phrase naming the problem, e.g. `Missing Call-ID`. */
  readonly reasonPhrase: string;
  /** The request's topmost Via, where the response goes (§18.2.2); unreadable parameters left out. */
  readonly via: Via;
  /** The request's method and its Via, From, To, Call-ID and CSeq fields as received (§8.2.6.2). */
  readonly request: { readonly method: string; readonly headers: readonly SipHeaderField[] };
}

export interface SipParseError {
  readonly code: SipParseErrorCode;
  /** What is wrong, in a sentence for logs. */
  readonly reason: string;
  /** The canonical name of the header concerned, when there is one. */
  readonly header?: string;
  /** Present when a response can still be formed; absent when the message must be dropped. */
  readonly reply?: SipRejectReply;
}

/** A value parsed from untrusted text, or why it could not be. */
export type SipResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SipParseError };

export function success<T>(value: T): SipResult<T> {
  return { ok: true, value };
}

export function failure<T>(code: SipParseErrorCode, reason: string, header?: string): SipResult<T> {
  return { ok: false, error: header === undefined ? { code, reason } : { code, reason, header } };
}

/** A malformed header value: the reason names the header, so it can become a 400 reason phrase. */
export function malformed<T>(header: string, detail?: string): SipResult<T> {
  return failure('MALFORMED_HEADER', detail === undefined ? `Malformed ${header}` : `Malformed ${header}: ${detail}`, header);
}
