/**
 * The REFER usages a dialog hosts beside its INVITE session (RFC 3515, RFC 5057): REFERs the
 * peer sends us, decided by a handler, and REFERs we sent, whose `refer` NOTIFYs arrive in the
 * same dialog and are matched by the Event id (§2.4.6).
 */
import type { SipHeaderInit } from '../message/index.js';
import type { DialogChannel } from './dialog-channel.js';
import { parseEventHeader } from './event-headers.js';
import { IncomingRefer, referTarget } from './incoming-refer.js';
import { OutgoingRefer } from './outgoing-refer.js';
import type { ServerRequest } from './server-request.js';

export type ReferHandler = (refer: IncomingRefer) => void;

export class ReferUsages {
  readonly #channel: DialogChannel;
  readonly #outgoing: OutgoingRefer[] = [];
  #handler: ReferHandler | undefined;

  constructor(channel: DialogChannel) {
    this.#channel = channel;
  }

  setHandler(handler: ReferHandler | undefined): void {
    this.#handler = handler;
  }

  send(target: string, headers: readonly SipHeaderInit[]): OutgoingRefer {
    const referral = new OutgoingRefer(this.#channel, target, headers);
    this.#outgoing.push(referral);
    return referral;
  }

  /** §2.4.2: exactly one Refer-To (else 400); without a handler the REFER is declined (603). */
  receiveRefer(server: ServerRequest): void {
    const referTo = referTarget(server.request);
    if (referTo === undefined) return void server.respond(400, { reason: 'Exactly One Refer-To Required' });
    if (!this.#handler) return void server.respond(603);
    this.#handler(new IncomingRefer(server, referTo, this.#channel));
  }

  /** A NOTIFY for one of our REFERs; 489 without an Event, 481 when it matches none (RFC 6665 §4.1.3). */
  receiveNotify(server: ServerRequest): void {
    const event = parseEventHeader(server.request.headers.first('Event'));
    if (!event) return void server.respond(489);
    const referral = this.#outgoing.find((r) => !r.done && r.matches(event));
    if (!referral) return void server.respond(481, { reason: 'Subscription Does Not Exist' });
    this.#channel.refreshTarget(server.request);
    referral.receiveNotify(server);
  }
}
