/**
 * Bodies as the UA core passes them: opaque bytes with their Content-Type. Offers and answers
 * (SDP), instant messages, sipfrags and event bodies all travel this way; the SIP stack never
 * reads an SDP body (docs/architecture.md, "Layers").
 */
import { getContentType, formatMediaType, type SipBody, type SipMessage } from '../message/index.js';

export interface SipContent {
  /** The full media type as sent, e.g. `application/sdp` or `message/sipfrag;version=2.0`. */
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** What callers hand in: a string body is sent as UTF-8. */
export interface SipContentInit {
  readonly contentType: string;
  readonly body: SipBody;
}

export function toContent(init: SipContentInit): SipContent {
  return { contentType: init.contentType, body: typeof init.body === 'string' ? new Uint8Array(Buffer.from(init.body, 'utf8')) : init.body };
}

/** The body of a message with its type; undefined when there is no body. */
export function contentOf(message: SipMessage): SipContent | undefined {
  if (message.body.length === 0) return undefined;
  const type = getContentType(message);
  const contentType = type.ok && type.value ? formatMediaType(type.value) : 'application/octet-stream';
  return { contentType, body: message.body };
}

/** `type/subtype` in lower case, without parameters: what Accept lists compare (§20.1). */
export function mediaTypeOf(message: SipMessage): string | undefined {
  const type = getContentType(message);
  return type.ok && type.value ? `${type.value.type}/${type.value.subtype}` : undefined;
}

export function contentText(content: SipContent | undefined): string {
  return content === undefined ? '' : Buffer.from(content.body).toString('utf8');
}

/** The fields createRequest/createResponse take for a body. */
export function bodyFields(content: SipContentInit | undefined): { body?: SipBody; contentType?: string } {
  return content === undefined ? {} : { body: content.body, contentType: content.contentType };
}
