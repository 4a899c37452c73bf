/**
 * The dialog id (RFC 3261 §12): Call-ID, local tag and remote tag. The same dialog has mirrored
 * ids at its two ends: at the UAC the local tag is the From tag, at the UAS it is the To tag
 * (§12.1.1, §12.1.2, §12.2.2). Call-IDs compare byte by byte (§20.8); tags are opaque tokens
 * this stack compares the same way, since each side echoes the other's exactly.
 */
import type { SipCoreHeaders } from '../message/index.js';
import { tagOf } from '../message/index.js';

export interface DialogId {
  readonly callId: string;
  readonly localTag: string;
  /** Empty when the peer sent no tag (an RFC 2543 UAC's From, §12.1.1). */
  readonly remoteTag: string;
}

/** The key a dialog is filed under; both ends of one dialog get the same key from their own view. */
export type DialogKey = string & { readonly __brand: 'DialogKey' };

export function dialogKey(id: DialogId): DialogKey {
  return JSON.stringify([id.callId, id.localTag, id.remoteTag]) as DialogKey;
}

/**
 * The id of the dialog a received request belongs to, seen from the UAS (§12.2.2): local tag
 * from To, remote tag from From. Undefined when To has no tag: then it is not a mid-dialog request.
 */
export function dialogIdOfRequest(core: SipCoreHeaders): DialogId | undefined {
  const localTag = tagOf(core.to);
  if (localTag === undefined) return undefined;
  return { callId: core.callId, localTag, remoteTag: tagOf(core.from) ?? '' };
}

/**
 * The id of the dialog a received response belongs to, seen from the UAC (§12.1.2): local tag
 * from From, remote tag from To. Undefined when either is missing (a 100 Trying has no To tag).
 */
export function dialogIdOfResponse(core: SipCoreHeaders): DialogId | undefined {
  const localTag = tagOf(core.from);
  const remoteTag = tagOf(core.to);
  if (localTag === undefined || remoteTag === undefined) return undefined;
  return { callId: core.callId, localTag, remoteTag };
}

export function sameDialogId(a: DialogId, b: DialogId): boolean {
  return a.callId === b.callId && a.localTag === b.localTag && a.remoteTag === b.remoteTag;
}
