/**
 * A dialog as plain data (RFC 3261 §12): a peer-to-peer relationship that lasts for some time,
 * identified by its DialogId and carrying what every request inside it needs — sequence
 * numbers, the remote target, the route set. The functions in this folder take a Dialog and
 * return a new one; nothing here does I/O or keeps time.
 */
import type { NameAddr, Uri } from '../message/index.js';
import type { DialogId } from './dialog-id.js';
import { SipDialogError } from './dialog-error.js';

/** §12: "early" after a 1xx with a To tag, "confirmed" after a 2xx, then "terminated". */
export type DialogState = 'early' | 'confirmed' | 'terminated';

/** The allowed moves. A dialog never goes back to early, and a terminated one stays so. */
export const DIALOG_MOVES: Readonly<Record<DialogState, readonly DialogState[]>> = {
  early: ['confirmed', 'terminated'],
  confirmed: ['terminated'],
  terminated: [],
};

export type DialogRole = 'uac' | 'uas';

export interface Dialog {
  readonly id: DialogId;
  /** The role this UA played in the transaction that created the dialog. */
  readonly role: DialogRole;
  readonly state: DialogState;
  /** CSeq of the last request sent in the dialog; empty at a UAS until it sends one (§12.1.1). */
  readonly localSeq: number | undefined;
  /** CSeq of the last request received in the dialog; empty at a UAC until one arrives (§12.1.2). */
  readonly remoteSeq: number | undefined;
  /** From at the UAC, To at the UAS, without header parameters (the tag is in `id`). */
  readonly localUri: NameAddr;
  /** To at the UAC, From at the UAS, without header parameters. */
  readonly remoteUri: NameAddr;
  /** The peer's Contact: where requests in the dialog go (§12.1.1, §12.1.2, target refresh §12.2). */
  readonly remoteTarget: Uri;
  /** The Route set, in the order the Route header fields of our requests list it (§12.1.1, §12.1.2). */
  readonly routeSet: readonly NameAddr[];
  /** Set when the dialog was made over TLS with a SIPS Request-URI (§12.1.1). */
  readonly secure: boolean;
}

/** The one way a dialog changes state: refuses what DIALOG_MOVES does not list. */
export function transitionDialog(dialog: Dialog, to: DialogState): Dialog {
  if (dialog.state === to) return dialog;
  if (!DIALOG_MOVES[dialog.state].includes(to)) {
    throw new SipDialogError('DIALOG_MOVE_NOT_ALLOWED', `dialog ${dialog.id.callId}: no move from ${dialog.state} to ${to}`);
  }
  return { ...dialog, state: to };
}

/** A NameAddr with its header parameters removed, as a dialog keeps its URIs. */
export function withoutParams(address: NameAddr): NameAddr {
  return address.displayName === undefined ? { uri: address.uri, params: [] } : { displayName: address.displayName, uri: address.uri, params: [] };
}
