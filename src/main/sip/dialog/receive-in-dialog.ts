/**
 * What a dialog learns from the messages that arrive in it: the remote sequence number and
 * out-of-order requests (§12.2.2), target refreshes (§12.2.2, §12.2.1.2), and the 2xx that
 * confirms a UAC's early dialog (§13.2.2.4).
 */
import { getRecordRoutes, type CSeq, type SipRequest, type SipResponse } from '../message/index.js';
import { contactTarget } from './create-dialog.js';
import { type Dialog, transitionDialog } from './dialog.js';
import { routeSetFromRecordRoute } from './route-set.js';

/**
 * Methods whose requests (and 2xx responses) replace the remote target: re-INVITE (§12.2),
 * UPDATE (RFC 3311), SUBSCRIBE and NOTIFY (RFC 6665 makes both target refresh requests).
 */
export const TARGET_REFRESH_METHODS: ReadonlySet<string> = new Set(['INVITE', 'UPDATE', 'SUBSCRIBE', 'NOTIFY']);

export type InDialogCheck =
  | { readonly ok: true; readonly dialog: Dialog }
  | { readonly ok: false; readonly status: 500; readonly reason: string };

/**
 * §12.2.2: a request whose CSeq is lower than the remote sequence number is out of order and
 * gets 500; otherwise the remote sequence number becomes the request's. ACK and CANCEL carry
 * the INVITE's number and change nothing.
 */
export function receiveInDialogRequest(dialog: Dialog, cseq: CSeq): InDialogCheck {
  if (cseq.method === 'ACK' || cseq.method === 'CANCEL') return { ok: true, dialog };
  if (dialog.remoteSeq !== undefined && cseq.seq < dialog.remoteSeq) {
    return { ok: false, status: 500, reason: `CSeq ${cseq.seq} is lower than ${dialog.remoteSeq} (out of order)` };
  }
  return { ok: true, dialog: { ...dialog, remoteSeq: cseq.seq } };
}

/**
 * A target refresh (§12.2.2 for a request received, §12.2.1.2 for a 2xx to one we sent):
 * the remote target becomes the Contact of `message` when it has one.
 */
export function refreshRemoteTarget(dialog: Dialog, message: SipRequest | SipResponse): Dialog {
  const target = contactTarget(message);
  return target === undefined ? dialog : { ...dialog, remoteTarget: target };
}

/**
 * §13.2.2.4: a 2xx matching a UAC's early dialog confirms it, and "the route set for the dialog
 * MUST be recomputed based on the 2xx response"; the remote target follows the 2xx's Contact.
 */
export function confirmUacDialog(dialog: Dialog, response: SipResponse): Dialog {
  const recordRoutes = getRecordRoutes(response);
  const confirmed = transitionDialog(refreshRemoteTarget(dialog, response), 'confirmed');
  return recordRoutes.ok ? { ...confirmed, routeSet: routeSetFromRecordRoute(recordRoutes.value, 'uac') } : confirmed;
}

/** An early dialog's later 1xx may carry a new Contact (§12.1.2 lets the UAC refresh it from each). */
export function updateEarlyDialog(dialog: Dialog, response: SipResponse): Dialog {
  return dialog.state === 'early' ? refreshRemoteTarget(dialog, response) : dialog;
}
