/**
 * Building requests and responses. createResponse follows RFC 3261 §8.2.6: a response copies
 * the request's Via fields (all, in order), From, To, Call-ID and CSeq, and a UAS adds a To tag
 * when the request's To has none (except for 100 Trying, §8.2.6.2); Timestamp is copied into a
 * 100 (§8.2.6.1). Values are copied as received, not re-formatted.
 */
import { type NameAddr, parseNameAddr, tagOf } from './name-addr.js';
import { headerKey } from './header-names.js';
import { SipHeaders, type SipHeaderField, type SipHeaderInit } from './sip-headers.js';
import { SIP_VERSION, type SipRequest, type SipResponse } from './sip-message.js';
import { type SipRejectReply } from './sip-parse-error.js';
import { formatUri, type Uri } from './sip-uri.js';
import { reasonPhrase } from './status-codes.js';

export type SipBody = Uint8Array | string;

export interface BodyInit {
  readonly body?: SipBody;
  /** Sets Content-Type (e.g. `application/sdp`) when there is a body. */
  readonly contentType?: string;
}

function toBytes(body: SipBody | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array(0);
  return typeof body === 'string' ? new Uint8Array(Buffer.from(body, 'utf8')) : body;
}

function withBody(fields: readonly SipHeaderInit[], init: BodyInit): { headers: SipHeaders; body: Uint8Array } {
  const body = toBytes(init.body);
  let headers = SipHeaders.of(fields);
  if (init.contentType !== undefined && body.length > 0) headers = headers.set('Content-Type', init.contentType);
  return { headers, body };
}

export interface RequestInit extends BodyInit {
  readonly method: string;
  readonly requestUri: string | Uri;
  /** In order; Via, Max-Forwards, From, To, Call-ID and CSeq are the caller's to give (§8.1.1). */
  readonly headers: readonly SipHeaderInit[];
}

export function createRequest(init: RequestInit): SipRequest {
  const requestUri = typeof init.requestUri === 'string' ? init.requestUri : formatUri(init.requestUri);
  return { kind: 'request', method: init.method, requestUri, version: SIP_VERSION, ...withBody(init.headers, init) };
}

export interface ResponseOptions extends BodyInit {
  /** Defaults to the RFC's phrase for the status. */
  readonly reason?: string;
  /** Added to To when the request's To has no tag and status > 100. */
  readonly toTag?: string;
  /** Extra fields after the copied ones (Contact, Allow, Supported...). */
  readonly headers?: readonly SipHeaderInit[];
}

/** Appends `;tag=` to a To value that has none, keeping the value otherwise as received. */
export function addToTag(toValue: string, toTag: string): string {
  const parsed: NameAddr | null = parseNameAddr(toValue);
  return parsed && tagOf(parsed) !== undefined ? toValue : `${toValue};tag=${toTag}`;
}

function copiedFields(fields: Iterable<SipHeaderField>, status: number, toTag: string | undefined): SipHeaderField[] {
  const copied: SipHeaderField[] = [];
  for (const field of fields) {
    const key = headerKey(field.name);
    if (key === 'to' && toTag !== undefined && status > 100) copied.push({ name: field.name, value: addToTag(field.value, toTag) });
    else if (key === 'via' || key === 'from' || key === 'to' || key === 'call-id' || key === 'cseq') copied.push(field);
    else if (key === 'timestamp' && status === 100) copied.push(field);
  }
  return copied;
}

export function createResponse(request: SipRequest, status: number, options: ResponseOptions = {}): SipResponse {
  const fields = [...copiedFields(request.headers, status, options.toTag), ...(options.headers ?? [])];
  return { kind: 'response', version: SIP_VERSION, status, reason: options.reason ?? reasonPhrase(status), ...withBody(fields, options) };
}

/** The 400/505/513 for a request the parser refused (SipParseError.reply). */
export function createRejectResponse(reply: SipRejectReply, toTag?: string): SipResponse {
  const fields = copiedFields(reply.request.headers, reply.status, toTag);
  return { kind: 'response', version: SIP_VERSION, status: reply.status, reason: reply.reasonPhrase, headers: SipHeaders.of(fields), body: new Uint8Array(0) };
}
