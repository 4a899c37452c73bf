/**
 * What the UA core starts as a UAC (RFC 3261 §8.1): calls (INVITE, §13.2), OPTIONS pings
 * (§11.1), instant messages (MESSAGE, RFC 3428), subscriptions (SUBSCRIBE, RFC 6665) and
 * registrations (REGISTER, §10.2). Each request outside a dialog gets a new Call-ID and From tag.
 */
import { type SipHeaderInit, serializeSipMessage } from '../message/index.js';
import type { TransportAddress } from '../transport/sip-transport.js';
import { formatEventHeader, parseEventHeader } from './event-headers.js';
import { parseSipUriOrThrow } from './local-endpoint.js';
import { buildOutOfDialogRequest, destinationFor, requestOutcome, sendOutOfDialog } from './out-of-dialog-request.js';
import { OutgoingInvite } from './outgoing-invite.js';
import { Registration, type RegisterOptions } from './registration.js';
import type { RequestOutcome } from './request-outcome.js';
import { toContent, type SipContent, type SipContentInit } from './sip-content.js';
import { SipUaError } from './sip-ua-error.js';
import { Subscription } from './subscription.js';
import type { UaContext } from './ua-context.js';

export interface InviteOptions {
  /** The offer; leave it out to ask the callee for one in the 2xx (then see `answerOffer`). */
  readonly content?: SipContentInit;
  /** Where to send, bypassing resolution of the target (a device the DHT found, say). */
  readonly destination?: TransportAddress;
  /** A pre-existing route set, e.g. an outbound proxy with `;lr` (§8.1.1.1). */
  readonly routes?: readonly string[];
  readonly headers?: readonly SipHeaderInit[];
  /** Feature parameters of our Contact (RFC 3840), e.g. `isfocus` (RFC 4579 §3). */
  readonly contactFeatures?: readonly string[];
  /** The answer to a 2xx's offer when the INVITE had none; it rides on the ACK (§13.2.1). */
  readonly answerOffer?: (offer: SipContent) => SipContentInit | undefined;
}

export interface RequestOptions {
  readonly destination?: TransportAddress;
  readonly routes?: readonly string[];
  readonly headers?: readonly SipHeaderInit[];
}

export interface SubscribeOptions extends RequestOptions {
  /** The event package, optionally with `;id=`. */
  readonly event: string;
  /** Seconds asked for; 3600 by default. */
  readonly expires?: number;
  /** Accept: the body types we take in NOTIFY. */
  readonly accept?: readonly string[];
}

/** RFC 3428 (congestion control): a MESSAGE outside a session stays under 1300 bytes unless the path is congestion-controlled. */
export const MESSAGE_UDP_LIMIT = 1300;

export class UacRequests {
  readonly #ctx: UaContext;
  readonly #registrations = new Set<Registration>();

  constructor(ctx: UaContext) {
    this.#ctx = ctx;
  }

  /** §13.2.1: places a call to `target`. */
  invite(target: string, options: InviteOptions = {}): OutgoingInvite {
    const ctx = this.#ctx;
    const requestUri = parseSipUriOrThrow(target, 'the call target');
    const init = {
      method: 'INVITE',
      requestUri,
      fromTag: ctx.endpoint.newTag(),
      callId: ctx.endpoint.newCallId(),
      seq: 1,
      withContact: true,
      withCapabilities: true,
      ...(options.routes ? { routes: options.routes } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.contactFeatures ? { contactFeatures: options.contactFeatures } : {}),
      ...(options.content ? { content: options.content } : {}),
    };
    const destination = destinationFor(ctx, init, options.destination);
    return new OutgoingInvite(ctx, (callbacks) => sendOutOfDialog(ctx, init, callbacks, destination).handle, options.answerOffer ? { answerOffer: options.answerOffer } : {});
  }

  /** §11.1: asks `target` what it supports; resolves with its final response (or a local 408/503). */
  options(target: string, options: RequestOptions = {}): Promise<RequestOutcome> {
    return requestOutcome(this.#ctx, { ...this.#common('OPTIONS', target, options), withCapabilities: true, headers: [['Accept', this.#ctx.capabilities.sessionTypes.join(', ')], ...(options.headers ?? [])] }, options.destination);
  }

  /** RFC 3428: a pager-mode instant message. Over UDP it must fit in 1300 bytes. */
  message(target: string, content: SipContentInit, options: RequestOptions = {}): Promise<RequestOutcome> {
    const init = { ...this.#common('MESSAGE', target, options), content: toContent(content) };
    const destination = destinationFor(this.#ctx, init, options.destination);
    if (destination.protocol === 'UDP') {
      const size = serializeSipMessage(buildOutOfDialogRequest(this.#ctx, init, destination)).length;
      if (size > MESSAGE_UDP_LIMIT) throw new SipUaError('UA_MESSAGE_TOO_LARGE', `a MESSAGE of ${size} bytes exceeds ${MESSAGE_UDP_LIMIT} over UDP (RFC 3428)`, { status: 513 });
    }
    return requestOutcome(this.#ctx, init, destination);
  }

  /** RFC 6665 §4.1.2.1: subscribes to `event` at `target`. */
  subscribe(target: string, options: SubscribeOptions): Subscription {
    const ctx = this.#ctx;
    const event = parseEventHeader(options.event);
    if (!event) throw new SipUaError('UA_INVALID_ARGUMENT', `not an event package: ${JSON.stringify(options.event)}`);
    const expires = options.expires ?? 3600;
    const common = this.#common('SUBSCRIBE', target, options);
    const init = {
      ...common,
      withContact: true,
      withCapabilities: true,
      headers: [['Event', formatEventHeader(event)], ['Expires', String(expires)], ...(options.accept ? [['Accept', options.accept.join(', ')] as const] : []), ...(options.headers ?? [])] as SipHeaderInit[],
    };
    const destination = destinationFor(ctx, init, options.destination);
    return new Subscription(ctx, {
      event,
      expires,
      target: init.requestUri,
      callId: init.callId,
      localTag: init.fromTag,
      ...(options.accept ? { accept: options.accept } : {}),
      sendInitial: (callbacks) => sendOutOfDialog(ctx, init, callbacks, destination).request,
    });
  }

  /** §10.2: binds our Contact at a registrar, with digest authentication when challenged. */
  register(options: RegisterOptions): Registration {
    const registration = new Registration(this.#ctx, options);
    this.#registrations.add(registration);
    return registration;
  }

  /** Registrations, for closing. */
  get registrations(): readonly Registration[] {
    return [...this.#registrations];
  }

  #common(method: string, target: string, options: RequestOptions) {
    const ctx = this.#ctx;
    return {
      method,
      requestUri: parseSipUriOrThrow(target, `the ${method} target`),
      fromTag: ctx.endpoint.newTag(),
      callId: ctx.endpoint.newCallId(),
      seq: 1,
      ...(options.routes ? { routes: options.routes } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    };
  }
}
