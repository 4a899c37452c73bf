/**
 * A subscription we serve as the notifier (RFC 6665 §4.2): accepting sends 200 with the granted
 * Expires and at once a NOTIFY with the current state (§4.2.1.2); each refresh SUBSCRIBE gets a
 * new grant and a NOTIFY; Expires 0 (unsubscribe) or the grant running out ends it with a
 * NOTIFY whose Subscription-State is terminated (§4.2.1.4, §4.2.2). A NOTIFY answered 481, or
 * not at all, removes it (§4.2.2).
 */
import type { TimerHandle } from '../../clock.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { createUasDialog } from '../dialog/index.js';
import { getExpires, type SipRequest } from '../message/index.js';
import type { Inbound, TransportAddress } from '../transport/sip-transport.js';
import { DialogChannel } from './dialog-channel.js';
import type { DialogOwner } from './dialog-table.js';
import { type EventHeader, formatEventHeader, formatSubscriptionState, parseEventHeader, sameEvent } from './event-headers.js';
import type { ServerRequest } from './server-request.js';
import { SipUaError } from './sip-ua-error.js';
import { type SipContentInit } from './sip-content.js';
import { StateMachine } from './state-machine.js';
import type { UaContext } from './ua-context.js';

export type IncomingSubscriptionState = 'requested' | 'pending' | 'active' | 'rejected' | 'terminated';

const MOVES: Readonly<Record<IncomingSubscriptionState, readonly IncomingSubscriptionState[]>> = {
  requested: ['pending', 'active', 'rejected', 'terminated'],
  pending: ['active', 'terminated'],
  active: ['terminated'],
  rejected: [],
  terminated: [],
};

export interface IncomingSubscriptionEnded {
  /** `unsubscribed` (Expires 0), `timeout` (not refreshed), `notifier` (we ended it), `gone` (a NOTIFY failed). */
  readonly reason: 'unsubscribed' | 'timeout' | 'notifier' | 'gone';
}

export type IncomingSubscriptionEvents = { refreshed: { readonly expires: number }; ended: IncomingSubscriptionEnded };

export class IncomingSubscription implements DialogOwner {
  readonly event: EventHeader;
  readonly request: SipRequest;
  /** Where the SUBSCRIBE came from: which peer connection, for a notifier that admits by device. */
  readonly source: TransportAddress;
  readonly #ctx: UaContext;
  readonly #server: ServerRequest;
  readonly #machine: StateMachine<IncomingSubscriptionState>;
  readonly #events = new TypedEmitter<IncomingSubscriptionEvents>();
  readonly #limits: { readonly min: number; readonly max: number | undefined };
  #channel: DialogChannel | undefined;
  #expiresAt = 0;
  #timer: TimerHandle | undefined;
  #content: SipContentInit | undefined;

  constructor(ctx: UaContext, server: ServerRequest, event: EventHeader, readonly expires: number, limits: { readonly minExpires?: number; readonly maxExpires?: number } = {}) {
    this.#ctx = ctx;
    this.#server = server;
    this.event = event;
    this.request = server.request;
    this.source = server.source;
    this.#limits = { min: limits.minExpires ?? 0, max: limits.maxExpires };
    this.#machine = new StateMachine<IncomingSubscriptionState>(`subscription to ${event.eventPackage}`, 'requested', MOVES);
  }

  get state(): IncomingSubscriptionState {
    return this.#machine.state;
  }

  onRefreshed(listener: (event: { readonly expires: number }) => void): () => void {
    return this.#events.on('refreshed', listener);
  }

  onEnded(listener: (event: IncomingSubscriptionEnded) => void): () => void {
    return this.#events.on('ended', listener);
  }

  /** 200 with the grant, then the first NOTIFY with `content` (§4.2.1.2). `pending` awaits authorisation. */
  accept(options: { readonly state?: 'active' | 'pending'; readonly content?: SipContentInit } = {}): void {
    if (!this.#machine.is('requested')) throw new SipUaError('UA_INVALID_STATE', `cannot accept a subscription that is ${this.#machine.state}`);
    const created = createUasDialog(this.request, { localTag: this.#server.toTag, state: 'confirmed' });
    if (!created.ok) throw new SipUaError('UA_DIALOG_FAILED', created.error.message, { cause: created.error });
    this.#channel = new DialogChannel(this.#ctx, created.value);
    this.#server.respond(200, { headers: [['Expires', String(this.expires)], ['Contact', this.#ctx.endpoint.contact(this.#server.source.protocol)]] });
    this.#content = options.content;
    if (this.expires === 0) {
      // A fetch: a SUBSCRIBE with Expires 0 gets the state once, in a terminating NOTIFY (RFC 6665 §4.2.1.2).
      this.#machine.transition('terminated');
      return this.#sendNotify('terminated', 'timeout');
    }
    this.#machine.transition(options.state ?? 'active');
    this.#channel.register(this);
    this.#grant(this.expires);
    this.#sendNotify(this.#machine.state === 'pending' ? 'pending' : 'active');
  }

  reject(status = 403): void {
    if (!this.#machine.is('requested')) throw new SipUaError('UA_INVALID_STATE', `cannot reject a subscription that is ${this.#machine.state}`);
    if (status < 300 || status > 699) throw new SipUaError('UA_BAD_STATUS', `a SUBSCRIBE is rejected with 300-699, not ${status}`);
    this.#machine.transition('rejected');
    this.#server.respond(status);
  }

  /** A NOTIFY with new state; `active` also ends a `pending` authorisation. */
  notify(content?: SipContentInit, state: 'active' | 'pending' = 'active'): void {
    if (!this.#machine.is('pending', 'active')) throw new SipUaError('UA_INVALID_STATE', `cannot notify a subscription that is ${this.#machine.state}`);
    this.#machine.transition(state);
    if (content !== undefined) this.#content = content;
    this.#sendNotify(state);
  }

  /** Ends the subscription with a final NOTIFY (`noresource`, `deactivated`, `rejected`...). */
  terminate(reason = 'noresource', content?: SipContentInit): void {
    if (!this.#machine.is('pending', 'active')) return;
    if (content !== undefined) this.#content = content;
    this.#end('notifier', reason);
  }

  close(): void {
    this.terminate('deactivated');
  }

  /** A refresh or unsubscribe (§4.2.1.4); other requests as any dialog answers them. */
  receiveRequest(server: ServerRequest): void {
    const channel = this.#channel;
    if (!channel || !channel.admit(server)) return;
    if (server.method !== 'SUBSCRIBE') {
      if (!this.#ctx.answerCommon(server)) server.respond(405, { headers: [['Allow', this.#ctx.capabilities.allow().join(', ')]] });
      return;
    }
    const event = parseEventHeader(server.request.headers.first('Event'));
    if (!event || !sameEvent(event, this.event)) return void server.respond(489);
    const asked = getExpires(server.request);
    const requested = asked.ok && asked.value !== undefined ? asked.value : this.expires;
    if (requested > 0 && requested < this.#limits.min) return void server.respond(423, { headers: [['Min-Expires', String(this.#limits.min)]] });
    const granted = Math.min(requested, this.#limits.max ?? requested);
    channel.refreshTarget(server.request);
    server.respond(200, { headers: [['Expires', String(granted)], ['Contact', this.#ctx.endpoint.contact(server.source.protocol)]] });
    if (granted === 0) return this.#end('unsubscribed', undefined);
    this.#grant(granted);
    this.#events.emit('refreshed', { expires: granted });
    this.#sendNotify(this.#machine.state === 'pending' ? 'pending' : 'active');
  }

  receiveAck(_ack: Inbound<SipRequest>): void {
    // No INVITE in a subscription dialog.
  }

  #grant(seconds: number): void {
    this.#timer?.cancel();
    this.#expiresAt = this.#ctx.clock.now() + seconds * 1000;
    this.#timer = this.#ctx.clock.setTimer(seconds * 1000, () => this.#end('timeout', 'timeout'));
  }

  #end(why: IncomingSubscriptionEnded['reason'], reason: string | undefined): void {
    if (this.#machine.is('terminated')) return;
    this.#timer?.cancel();
    this.#machine.transition('terminated');
    if (why !== 'gone') this.#sendNotify('terminated', reason);
    if (this.#channel) this.#channel.unregister(this);
    this.#events.emit('ended', { reason: why });
  }

  #sendNotify(state: 'active' | 'pending' | 'terminated', reason?: string): void {
    const channel = this.#channel;
    if (!channel) return;
    const remaining = (this.#expiresAt - this.#ctx.clock.now()) / 1000;
    const subscriptionState = state === 'terminated' ? formatSubscriptionState({ state, ...(reason === undefined ? {} : { reason }) }) : formatSubscriptionState({ state, expires: remaining });
    channel.send(
      {
        method: 'NOTIFY',
        withContact: true,
        headers: [['Event', formatEventHeader(this.event)], ['Subscription-State', subscriptionState]],
        ...(this.#content === undefined ? {} : { content: this.#content }),
      },
      {
        response: (response) => {
          if (response.status === 481) this.#end('gone', undefined);
        },
        failed: () => this.#end('gone', undefined),
      },
    );
  }
}
