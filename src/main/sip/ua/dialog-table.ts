/**
 * The dialogs this UA takes part in (RFC 3261 §12.2.2: "If the request has a tag in the To
 * header field, the UAS core computes the dialog identifier ... and compares it with existing
 * dialogs"), each with the usage that owns it: an INVITE session, an early INVITE, or a
 * subscription. A subscriber also waits here, on a half dialog (Call-ID and local tag), for a
 * NOTIFY that may arrive before the 2xx to its SUBSCRIBE (RFC 6665 §4.1.2.4).
 */
import type { SipRequest } from '../message/index.js';
import { type DialogId, dialogKey, type DialogKey } from '../dialog/index.js';
import type { Inbound } from '../transport/sip-transport.js';
import type { ServerRequest } from './server-request.js';

export interface DialogOwner {
  /** A request in this dialog that passed the §8.2 checks; never ACK or CANCEL. */
  receiveRequest(request: ServerRequest): void;
  /** An ACK in this dialog: the ACK for a 2xx (§13.3.1.4). */
  receiveAck(ack: Inbound<SipRequest>): void;
  /** Ends the usage because the UA core is closing (BYE, a final NOTIFY, an unsubscribe). */
  close?(): void;
}

export interface HalfDialogOwner {
  /** A request carrying our tag and Call-ID from a peer we have no dialog with yet. */
  receiveUnmatched(request: ServerRequest): boolean;
}

function halfKey(callId: string, localTag: string): string {
  return JSON.stringify([callId, localTag]);
}

export class DialogTable {
  readonly #owners = new Map<DialogKey, DialogOwner>();
  readonly #halves = new Map<string, HalfDialogOwner>();

  get size(): number {
    return this.#owners.size;
  }

  /** Files `owner` under `id`, replacing an earlier owner (an early INVITE hands over to its session). */
  register(id: DialogId, owner: DialogOwner): void {
    this.#owners.set(dialogKey(id), owner);
  }

  /** Removes `id`, but only while `owner` still holds it. */
  unregister(id: DialogId, owner: DialogOwner): void {
    const key = dialogKey(id);
    if (this.#owners.get(key) === owner) this.#owners.delete(key);
  }

  find(id: DialogId): DialogOwner | undefined {
    return this.#owners.get(dialogKey(id));
  }

  registerHalf(callId: string, localTag: string, owner: HalfDialogOwner): void {
    this.#halves.set(halfKey(callId, localTag), owner);
  }

  unregisterHalf(callId: string, localTag: string, owner: HalfDialogOwner): void {
    const key = halfKey(callId, localTag);
    if (this.#halves.get(key) === owner) this.#halves.delete(key);
  }

  findHalf(callId: string, localTag: string): HalfDialogOwner | undefined {
    return this.#halves.get(halfKey(callId, localTag));
  }

  /** Every owner, for closing the UA. */
  owners(): DialogOwner[] {
    return [...new Set(this.#owners.values())];
  }
}
