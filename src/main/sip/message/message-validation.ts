/**
 * What RFC 3261 §8.2 and §18.1.2 ask of every message before the layers above see it: the
 * headers every element relies on are present, single where they must be, and well-formed;
 * the CSeq method matches the request method; the Request-URI parses. The first problem found
 * becomes the error, with a reply attached when the request can still be answered.
 */
import { type CSeq } from './cseq.js';
import {
  getCallId,
  getContacts,
  getContentLength,
  getContentType,
  getCSeq,
  getFrom,
  getMaxForwards,
  getRecordRoutes,
  getRequestUri,
  getRoutes,
  getTo,
  getVias,
} from './header-accessors.js';
import { type NameAddr } from './name-addr.js';
import { headerKey } from './header-names.js';
import { type SipHeaderField } from './sip-headers.js';
import { type SipMessageLimits } from './sip-limits.js';
import { type SipMessage } from './sip-message.js';
import { type SipParseError, type SipRejectReply, type SipResult, success } from './sip-parse-error.js';
import { splitHeaderList } from './split-header-list.js';
import { parseViaSentBy, type Via } from './via.js';

/** The headers every layer reads, parsed once while validating. */
export interface SipCoreHeaders {
  /** Top first; never empty. */
  readonly vias: readonly Via[];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  readonly maxForwards?: number;
  readonly contentLength?: number;
}

function firstError(...checks: (() => SipResult<unknown>)[]): SipParseError | null {
  for (const check of checks) {
    const result = check();
    if (!result.ok) return result.error;
  }
  return null;
}

export function validateMessage(message: SipMessage, limits: SipMessageLimits): SipResult<SipCoreHeaders> {
  const vias = getVias(message, limits.maxViaCount);
  if (!vias.ok) return vias;
  if (vias.value.length === 0) return { ok: false, error: { code: 'MISSING_HEADER', reason: 'Missing Via', header: 'Via' } };
  const from = getFrom(message);
  if (!from.ok) return from;
  const to = getTo(message);
  if (!to.ok) return to;
  const callId = getCallId(message);
  if (!callId.ok) return callId;
  const cseq = getCSeq(message);
  if (!cseq.ok) return cseq;
  const maxForwards = getMaxForwards(message);
  if (!maxForwards.ok) return maxForwards;
  const contentLength = getContentLength(message);
  if (!contentLength.ok) return contentLength;
  if (message.kind === 'request' && cseq.value.method !== message.method) {
    return { ok: false, error: { code: 'CSEQ_METHOD_MISMATCH', reason: 'CSeq Method Mismatch', header: 'CSeq' } };
  }
  const error = firstError(
    () => (message.kind === 'request' ? getRequestUri(message) : success(null)),
    () => getContacts(message),
    () => getRoutes(message),
    () => getRecordRoutes(message),
    () => getContentType(message),
  );
  if (error) return { ok: false, error };
  const core: { -readonly [K in keyof SipCoreHeaders]: SipCoreHeaders[K] } = { vias: vias.value, from: from.value, to: to.value, callId: callId.value, cseq: cseq.value };
  if (maxForwards.value !== undefined) core.maxForwards = maxForwards.value;
  if (contentLength.value !== undefined) core.contentLength = contentLength.value;
  return success(core);
}

const COPIED = new Set(['via', 'from', 'to', 'call-id', 'cseq']);

function replyStatus(code: SipParseError['code']): { status: SipRejectReply['status']; phrase?: string } {
  if (code === 'UNSUPPORTED_VERSION') return { status: 505, phrase: 'Version Not Supported' };
  if (code === 'MESSAGE_TOO_LARGE') return { status: 513, phrase: 'Message Too Large' };
  return { status: 400 };
}

/**
 * Attaches what is needed to answer a request that failed: only for a request (a response is
 * never answered), never for ACK (§17.1.1.3: it has no response), and only when the topmost
 * Via's sent-by parses, because that is where the answer goes (§18.2.2). The other copied headers go back
 * as received, present or not (§8.2.6.2), which RFC 4475 §3.3.1 wants even when some are missing.
 */
export function withReply(error: SipParseError, method: string | undefined, fields: readonly SipHeaderField[]): SipParseError {
  if (method === undefined || method === 'ACK') return error;
  const topField = fields.find((field) => headerKey(field.name) === 'via');
  const via = topField && parseViaSentBy(splitHeaderList(topField.value)[0] ?? '');
  if (!via) return error;
  const { status, phrase } = replyStatus(error.code);
  const headers = fields.filter((field) => COPIED.has(headerKey(field.name)));
  return { ...error, reply: { status, reasonPhrase: phrase ?? error.reason, via, request: { method, headers } } };
}
