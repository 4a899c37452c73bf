/**
 * The two requests a UAC derives from an INVITE it sent: CANCEL (RFC 3261 §9.1) and the ACK for
 * a non-2xx final response, which the INVITE client transaction sends itself (§17.1.1.3). Both
 * carry the INVITE's Request-URI, Call-ID, From, CSeq number and Route, and only its top Via —
 * the same branch, so they match the INVITE's transaction.
 */
import { parseCSeq } from './cseq.js';
import { SipBuildError } from './sip-build-error.js';
import { type SipHeaderInit } from './sip-headers.js';
import { createRequest } from './message-builders.js';
import { type SipRequest, type SipResponse } from './sip-message.js';
import { splitHeaderList } from './split-header-list.js';

function required(request: SipRequest, name: string): string {
  const value = request.headers.first(name);
  if (value === undefined) throw new SipBuildError('INVALID_MESSAGE_PART', `the INVITE has no ${name}`);
  return value;
}

function derived(invite: SipRequest, method: 'CANCEL' | 'ACK', to: string): SipRequest {
  const cseq = parseCSeq(required(invite, 'CSeq'));
  if (!cseq) throw new SipBuildError('INVALID_MESSAGE_PART', 'the INVITE has a malformed CSeq');
  const topVia = splitHeaderList(required(invite, 'Via'))[0] ?? '';
  const headers: SipHeaderInit[] = [
    ['Via', topVia],
    ['Max-Forwards', '70'],
    ['From', required(invite, 'From')],
    ['To', to],
    ['Call-ID', required(invite, 'Call-ID')],
    ['CSeq', `${cseq.seq} ${method}`],
    ...invite.headers.all('Route').map((value): SipHeaderInit => ['Route', value]),
  ];
  return createRequest({ method, requestUri: invite.requestUri, headers });
}

/** §9.1: To as in the INVITE (no tag), CSeq method CANCEL. */
export function createCancel(invite: SipRequest): SipRequest {
  return derived(invite, 'CANCEL', required(invite, 'To'));
}

/** §17.1.1.3: To from the response (it carries the UAS's tag), CSeq method ACK. */
export function createAckForNon2xx(invite: SipRequest, response: SipResponse): SipRequest {
  const to = response.headers.first('To');
  if (to === undefined) throw new SipBuildError('INVALID_MESSAGE_PART', 'the response has no To');
  return derived(invite, 'ACK', to);
}
