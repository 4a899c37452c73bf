/**
 * Creating a dialog (RFC 3261 §12.1): at the UAS when it sends a 1xx with a To tag or a 2xx to
 * a dialog-creating request (§12.1.1), at the UAC when such a response arrives (§12.1.2).
 */
import {
  getCallId,
  getContactAddresses,
  getCSeq,
  getFrom,
  getRecordRoutes,
  getTo,
  type SipRequest,
  type SipResponse,
  tagOf,
  type Uri,
} from '../message/index.js';
import { type Dialog, type DialogState, withoutParams } from './dialog.js';
import { dialogFailure, type DialogResult } from './dialog-error.js';
import { routeSetFromRecordRoute } from './route-set.js';

/** The URI of the first Contact of a message, which §12.1 makes the remote target. */
export function contactTarget(message: SipRequest | SipResponse): Uri | undefined {
  const contacts = getContactAddresses(message);
  return contacts.ok ? contacts.value[0]?.address.uri : undefined;
}

/**
 * §12.1.2: the UAC's dialog from a 101-199 response with a To tag (early) or a 2xx (confirmed)
 * to `request`. Route set = Record-Route reversed, remote target = the response's Contact,
 * local sequence number = the request's CSeq, remote sequence number empty.
 */
export function createUacDialog(request: SipRequest, response: SipResponse, options: { readonly secure?: boolean } = {}): DialogResult<Dialog> {
  if (response.status <= 100 || response.status >= 300) {
    return dialogFailure('DIALOG_NOT_CREATING_RESPONSE', `a ${response.status} response does not create a dialog`);
  }
  const from = getFrom(request);
  const to = getTo(response);
  const callId = getCallId(request);
  const cseq = getCSeq(request);
  const recordRoutes = getRecordRoutes(response);
  if (!from.ok || !to.ok || !callId.ok || !cseq.ok || !recordRoutes.ok) return dialogFailure('DIALOG_MALFORMED_MESSAGE', 'the request or response has a malformed From, To, Call-ID, CSeq or Record-Route');
  const localTag = tagOf(from.value);
  const remoteTag = tagOf(to.value);
  if (localTag === undefined || remoteTag === undefined) return dialogFailure('DIALOG_MISSING_TAG', 'a dialog needs the From tag of the request and the To tag of the response');
  const remoteTarget = contactTarget(response);
  if (remoteTarget === undefined) return dialogFailure('DIALOG_MISSING_CONTACT', `the ${response.status} response has no Contact`);
  const state: DialogState = response.status < 200 ? 'early' : 'confirmed';
  return {
    ok: true,
    value: {
      id: { callId: callId.value, localTag, remoteTag },
      role: 'uac',
      state,
      localSeq: cseq.value.seq,
      remoteSeq: undefined,
      localUri: withoutParams(from.value),
      remoteUri: withoutParams(to.value),
      remoteTarget,
      routeSet: routeSetFromRecordRoute(recordRoutes.value, 'uac'),
      secure: options.secure ?? false,
    },
  };
}

/**
 * §12.1.1: the UAS's dialog for `request`, created as it sends a 1xx with `localTag` (early)
 * or a 2xx (confirmed). Route set = Record-Route in order, remote target = the request's
 * Contact, remote sequence number = the request's CSeq, local sequence number empty.
 */
export function createUasDialog(
  request: SipRequest,
  options: { readonly localTag: string; readonly state: Exclude<DialogState, 'terminated'>; readonly secure?: boolean },
): DialogResult<Dialog> {
  const from = getFrom(request);
  const to = getTo(request);
  const callId = getCallId(request);
  const cseq = getCSeq(request);
  const recordRoutes = getRecordRoutes(request);
  if (!from.ok || !to.ok || !callId.ok || !cseq.ok || !recordRoutes.ok) return dialogFailure('DIALOG_MALFORMED_MESSAGE', 'the request has a malformed From, To, Call-ID, CSeq or Record-Route');
  const remoteTarget = contactTarget(request);
  if (remoteTarget === undefined) return dialogFailure('DIALOG_MISSING_CONTACT', `the ${request.method} has no Contact`);
  return {
    ok: true,
    value: {
      id: { callId: callId.value, localTag: options.localTag, remoteTag: tagOf(from.value) ?? '' },
      role: 'uas',
      state: options.state,
      localSeq: undefined,
      remoteSeq: cseq.value.seq,
      localUri: withoutParams(to.value),
      remoteUri: withoutParams(from.value),
      remoteTarget,
      routeSet: routeSetFromRecordRoute(recordRoutes.value, 'uas'),
      secure: options.secure ?? false,
    },
  };
}
