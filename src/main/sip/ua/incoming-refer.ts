/**
 * A REFER we received in a dialog (RFC 3515 §2.4.2): the application decides; accepting sends
 * 202 and creates an implicit subscription to the `refer` event, whose NOTIFYs carry the
 * progress of the referenced request as `message/sipfrag` (§2.4.4, §2.4.5). The first NOTIFY
 * (100 Trying) goes out at once; a final status terminates the subscription.
 */
import { type NameAddr, parseNameAddr, reasonPhrase, type SipRequest } from '../message/index.js';
import type { DialogChannel } from './dialog-channel.js';
import { formatEventHeader, formatSubscriptionState, sipfragStatusLine } from './event-headers.js';
import type { ServerRequest } from './server-request.js';
import { SipUaError } from './sip-ua-error.js';
import { StateMachine } from './state-machine.js';

export type IncomingReferState = 'pending' | 'accepted' | 'rejected' | 'terminated';

const MOVES: Readonly<Record<IncomingReferState, readonly IncomingReferState[]>> = {
  pending: ['accepted', 'rejected'],
  accepted: ['terminated'],
  rejected: [],
  terminated: [],
};

/** How long the implicit subscription lasts when nothing else ends it (RFC 3515 §2.4.4 leaves it to the notifier). */
export const REFER_SUBSCRIPTION_SECONDS = 60;

export const SIPFRAG = 'message/sipfrag;version=2.0';

/** The one Refer-To of a REFER (§2.4.1: exactly one, else 400), or undefined. */
export function referTarget(request: SipRequest): NameAddr | undefined {
  const values = request.headers.all('Refer-To');
  return values.length === 1 && values[0] !== undefined ? (parseNameAddr(values[0]) ?? undefined) : undefined;
}

export class IncomingRefer {
  readonly request: SipRequest;
  readonly referTo: NameAddr;
  readonly #server: ServerRequest;
  readonly #channel: DialogChannel;
  readonly #machine: StateMachine<IncomingReferState>;
  readonly #eventId: string;

  constructor(server: ServerRequest, referTo: NameAddr, channel: DialogChannel) {
    this.request = server.request;
    this.referTo = referTo;
    this.#server = server;
    this.#channel = channel;
    this.#machine = new StateMachine<IncomingReferState>('incoming REFER', 'pending', MOVES);
    this.#eventId = String(server.core.cseq.seq);
  }

  get state(): IncomingReferState {
    return this.#machine.state;
  }

  /** 202 Accepted, then the first NOTIFY: `SIP/2.0 100 Trying` (§2.4.4 "immediately"). */
  accept(): void {
    this.#require('pending', 'accept');
    this.#machine.transition('accepted');
    this.#server.respond(202);
    this.notify(100);
  }

  reject(status = 603, reason?: string): void {
    this.#require('pending', 'reject');
    if (status < 300 || status > 699) throw new SipUaError('UA_BAD_STATUS', `a REFER is rejected with 300-699, not ${status}`);
    this.#machine.transition('rejected');
    this.#server.respond(status, reason === undefined ? {} : { reason });
  }

  /** Reports the referenced request's status; a final one (>= 200) ends the subscription (§2.4.5). */
  notify(status: number, reason: string = reasonPhrase(status)): void {
    this.#require('accepted', 'notify');
    const final = status >= 200;
    if (final) this.#machine.transition('terminated');
    const state = final ? formatSubscriptionState({ state: 'terminated', reason: 'noresource' }) : formatSubscriptionState({ state: 'active', expires: REFER_SUBSCRIPTION_SECONDS });
    this.#channel.send(
      {
        method: 'NOTIFY',
        withContact: true,
        headers: [
          ['Event', formatEventHeader({ eventPackage: 'refer', id: this.#eventId })],
          ['Subscription-State', state],
        ],
        content: { contentType: SIPFRAG, body: sipfragStatusLine(status, reason) },
      },
      { response: () => undefined, failed: () => undefined },
    );
  }

  #require(state: IncomingReferState, action: string): void {
    if (this.#machine.state !== state) throw new SipUaError('UA_INVALID_STATE', `cannot ${action} a REFER that is ${this.#machine.state}`);
  }
}
