/**
 * Typed views of a message's headers, parsed on demand. Each returns a SipResult, so a value a
 * peer got wrong is an error the caller can answer, never an exception. parseSipMessage runs
 * the ones for the headers every layer needs (see message-validation.ts).
 */
import { type Contact, type ContactList, parseContactList } from './contact.js';
import { type CSeq, parseCSeq } from './cseq.js';
import { type MediaType, parseMediaType } from './media-type.js';
import { type NameAddr, parseNameAddr } from './name-addr.js';
import { parseCallId, parseContentLength, parseDeltaSeconds, parseMaxForwards } from './scalar-headers.js';
import { SIP_MESSAGE_LIMITS } from './sip-limits.js';
import { type SipMessage, type SipRequest } from './sip-message.js';
import { failure, malformed, type SipResult, success } from './sip-parse-error.js';
import { parseUri, type Uri } from './sip-uri.js';
import { splitHeaderList } from './split-header-list.js';
import { parseTokenList } from './token-list.js';
import { parseVia, type Via } from './via.js';

/** The one value of a single-valued header; undefined when absent; an error when repeated (RFC 4475 §3.3.8). */
function single(message: SipMessage, name: string): SipResult<string | undefined> {
  const values = message.headers.all(name);
  if (values.length > 1) return failure('DUPLICATE_HEADER', `Multiple ${name} headers`, name);
  return success(values[0]);
}

function required<T>(message: SipMessage, name: string, parse: (value: string) => T | null): SipResult<T> {
  const value = single(message, name);
  if (!value.ok) return value;
  if (value.value === undefined) return failure('MISSING_HEADER', `Missing ${name}`, name);
  const parsed = parse(value.value);
  return parsed === null ? malformed(name) : success(parsed);
}

function optional<T>(message: SipMessage, name: string, parse: (value: string) => T | null): SipResult<T | undefined> {
  const value = single(message, name);
  if (!value.ok || value.value === undefined) return value.ok ? success(undefined) : value;
  const parsed = parse(value.value);
  return parsed === null ? malformed(name) : success(parsed);
}

/** Every Via value, top first, across fields and commas. */
export function getVias(message: SipMessage, maxViaCount = SIP_MESSAGE_LIMITS.maxViaCount): SipResult<Via[]> {
  const vias: Via[] = [];
  for (const value of message.headers.all('Via')) {
    for (const item of splitHeaderList(value)) {
      if (vias.length === maxViaCount) return failure('TOO_MANY_VIAS', `More than ${maxViaCount} Via values`, 'Via');
      const via = parseVia(item);
      if (!via) return malformed('Via');
      vias.push(via);
    }
  }
  return success(vias);
}

/** The topmost Via: where a response goes (§18.2.2) and which transaction it belongs to (§17.2.3). */
export function getTopVia(message: SipMessage): SipResult<Via> {
  const first = message.headers.first('Via');
  if (first === undefined) return failure('MISSING_HEADER', 'Missing Via', 'Via');
  const via = parseVia(splitHeaderList(first)[0] ?? '');
  return via ? success(via) : malformed('Via');
}

export function getFrom(message: SipMessage): SipResult<NameAddr> {
  return required(message, 'From', parseNameAddr);
}

export function getTo(message: SipMessage): SipResult<NameAddr> {
  return required(message, 'To', parseNameAddr);
}

export function getCallId(message: SipMessage): SipResult<string> {
  return required(message, 'Call-ID', parseCallId);
}

export function getCSeq(message: SipMessage): SipResult<CSeq> {
  return required(message, 'CSeq', parseCSeq);
}

export function getMaxForwards(message: SipMessage): SipResult<number | undefined> {
  return optional(message, 'Max-Forwards', parseMaxForwards);
}

/** Several Content-Length fields are an error even when they agree (RFC 4475 §3.3.9). */
export function getContentLength(message: SipMessage): SipResult<number | undefined> {
  const result = optional(message, 'Content-Length', parseContentLength);
  if (!result.ok) return failure('BAD_CONTENT_LENGTH', result.error.reason, 'Content-Length');
  return result;
}

export function getContentType(message: SipMessage): SipResult<MediaType | undefined> {
  return optional(message, 'Content-Type', parseMediaType);
}

export function getExpires(message: SipMessage): SipResult<number | undefined> {
  return optional(message, 'Expires', parseDeltaSeconds);
}

export function getContacts(message: SipMessage): SipResult<ContactList> {
  const contacts = parseContactList(message.headers.all('Contact'));
  return contacts ? success(contacts) : malformed('Contact');
}

/** The Contact list of a request or response that must not carry `*` (anything but REGISTER). */
export function getContactAddresses(message: SipMessage): SipResult<readonly Contact[]> {
  const contacts = getContacts(message);
  if (!contacts.ok) return contacts;
  return contacts.value.kind === 'list' ? success(contacts.value.contacts) : malformed('Contact', '* outside REGISTER');
}

/** route-param = name-addr *( SEMI rr-param ): angle brackets are mandatory (§25.1). */
function routeList(message: SipMessage, name: 'Route' | 'Record-Route'): SipResult<NameAddr[]> {
  const out: NameAddr[] = [];
  for (const value of message.headers.all(name)) {
    for (const item of splitHeaderList(value)) {
      const address = parseNameAddr(item);
      if (!address || !item.includes('<')) return malformed(name);
      out.push(address);
    }
  }
  return success(out);
}

export function getRoutes(message: SipMessage): SipResult<NameAddr[]> {
  return routeList(message, 'Route');
}

export function getRecordRoutes(message: SipMessage): SipResult<NameAddr[]> {
  return routeList(message, 'Record-Route');
}

function tokens(message: SipMessage, name: string): SipResult<string[]> {
  const list = parseTokenList(message.headers.all(name));
  return list ? success(list) : malformed(name);
}

export function getAllow(message: SipMessage): SipResult<string[]> {
  return tokens(message, 'Allow');
}

export function getSupported(message: SipMessage): SipResult<string[]> {
  return tokens(message, 'Supported');
}

export function getRequire(message: SipMessage): SipResult<string[]> {
  return tokens(message, 'Require');
}

export function getProxyRequire(message: SipMessage): SipResult<string[]> {
  return tokens(message, 'Proxy-Require');
}

/** The Request-URI parsed; a SIP URI there must not carry `?headers` (§19.1.1, RFC 4475 §3.1.2.11). */
export function getRequestUri(request: SipRequest): SipResult<Uri> {
  const uri = parseUri(request.requestUri);
  if (!uri) return failure('BAD_REQUEST_URI', 'Malformed Request-URI');
  if (uri.kind === 'sip' && uri.headers.length > 0) return failure('BAD_REQUEST_URI', 'Headers in Request-URI');
  return success(uri);
}
