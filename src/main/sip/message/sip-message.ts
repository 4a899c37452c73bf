/**
 * The message model (RFC 3261 §7): a request or a response, told apart by `kind`. Start-line
 * parts and header values are kept as received (after unfolding) so a message round-trips
 * faithfully; typed views are parsed on demand by header-accessors.ts.
 */
import { type SipHeaders } from './sip-headers.js';

export const SIP_VERSION = 'SIP/2.0';

export interface SipRequest {
  readonly kind: 'request';
  /** Case-sensitive (§7.1): `INVITE`, or any extension token. */
  readonly method: string;
  /** As received; `getRequestUri` parses it. */
  readonly requestUri: string;
  readonly version: string;
  readonly headers: SipHeaders;
  readonly body: Uint8Array;
}

export interface SipResponse {
  readonly kind: 'response';
  readonly version: string;
  /** 100..699 */
  readonly status: number;
  readonly reason: string;
  readonly headers: SipHeaders;
  readonly body: Uint8Array;
}

export type SipMessage = SipRequest | SipResponse;

export function isRequest(message: SipMessage): message is SipRequest {
  return message.kind === 'request';
}

export function isResponse(message: SipMessage): message is SipResponse {
  return message.kind === 'response';
}
