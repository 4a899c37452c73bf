/**
 * Requests inside a dialog (RFC 3261 §12.2.1.1) and the ACK for a 2xx (§13.2.2.4). The UA core
 * supplies the Via (it owns branches and the transport); everything else comes from the dialog.
 */
import {
  createRequest,
  formatNameAddr,
  formatUri,
  MAX_CSEQ,
  type NameAddr,
  param,
  type SipBody,
  type SipHeaderInit,
  type SipRequest,
} from '../message/index.js';
import { type Dialog } from './dialog.js';
import { routeRequest } from './route-set.js';

export interface InDialogRequestInit {
  readonly method: string;
  /** The Via header value, with the branch of the new transaction (§8.1.1.7). */
  readonly via: string;
  /** Our Contact, for target refresh requests (§12.2.1.1: re-INVITE, SUBSCRIBE, NOTIFY, UPDATE). */
  readonly contact?: string;
  /** Extra fields after the mandatory ones (Event, Refer-To, Allow, Authorization...). */
  readonly headers?: readonly SipHeaderInit[];
  readonly body?: SipBody;
  readonly contentType?: string;
  readonly maxForwards?: number;
  /** The first local sequence number when the dialog has none yet (a UAS's first request, §8.1.1.5). */
  readonly initialSeq?: number;
}

function tagged(address: NameAddr, tag: string): string {
  return formatNameAddr(tag === '' ? address : { ...address, params: [param('tag', tag)] });
}

/** From, To, Call-ID, Request-URI and Route of any request in `dialog` (§12.2.1.1). */
function dialogFields(dialog: Dialog, via: string, maxForwards: number | undefined): { requestUri: SipRequest['requestUri']; fields: SipHeaderInit[] } {
  const routing = routeRequest(dialog.routeSet, dialog.remoteTarget);
  const fields: SipHeaderInit[] = [
    ['Via', via],
    ['Max-Forwards', String(maxForwards ?? 70)],
    ['From', tagged(dialog.localUri, dialog.id.localTag)],
    ['To', tagged(dialog.remoteUri, dialog.id.remoteTag)],
    ['Call-ID', dialog.id.callId],
  ];
  return { requestUri: formatUri(routing.requestUri), fields: [...fields, ...routing.routes.map((route): SipHeaderInit => ['Route', formatNameAddr(route)])] };
}

/**
 * A new request in the dialog: the local sequence number goes up by one (or starts at
 * `initialSeq`, default 1), so the dialog comes back updated along with the request.
 * Not for ACK or CANCEL, which reuse the INVITE's number (buildAckFor2xx; createCancel).
 */
export function buildInDialogRequest(dialog: Dialog, init: InDialogRequestInit): { readonly dialog: Dialog; readonly request: SipRequest } {
  const seq = dialog.localSeq === undefined ? (init.initialSeq ?? 1) : Math.min(dialog.localSeq + 1, MAX_CSEQ);
  const { requestUri, fields } = dialogFields(dialog, init.via, init.maxForwards);
  const headers: SipHeaderInit[] = [
    ...fields.slice(0, 5),
    ['CSeq', `${seq} ${init.method}`],
    ...fields.slice(5),
    ...(init.contact === undefined ? [] : [['Contact', init.contact] as const]),
    ...(init.headers ?? []),
  ];
  const request = createRequest({
    method: init.method,
    requestUri,
    headers,
    ...(init.body === undefined ? {} : { body: init.body }),
    ...(init.contentType === undefined ? {} : { contentType: init.contentType }),
  });
  return { dialog: { ...dialog, localSeq: seq }, request };
}

/**
 * §13.2.2.4: the ACK for a 2xx is built like any request in the dialog, except that its CSeq
 * number is the INVITE's (method ACK) and it carries the INVITE's credentials. A body is the
 * answer when the 2xx carried the offer.
 */
export function buildAckFor2xx(
  dialog: Dialog,
  invite: SipRequest,
  init: { readonly via: string; readonly inviteSeq: number; readonly body?: SipBody; readonly contentType?: string; readonly maxForwards?: number },
): SipRequest {
  const { requestUri, fields } = dialogFields(dialog, init.via, init.maxForwards);
  const credentials = [...invite.headers.all('Authorization').map((v): SipHeaderInit => ['Authorization', v]), ...invite.headers.all('Proxy-Authorization').map((v): SipHeaderInit => ['Proxy-Authorization', v])];
  return createRequest({
    method: 'ACK',
    requestUri,
    headers: [...fields.slice(0, 5), ['CSeq', `${init.inviteSeq} ACK`], ...fields.slice(5), ...credentials],
    ...(init.body === undefined ? {} : { body: init.body }),
    ...(init.contentType === undefined ? {} : { contentType: init.contentType }),
  });
}
