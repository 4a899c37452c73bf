/**
 * A subscription we hold as the subscriber (RFC 6665 §4.1): SUBSCRIBE, a dialog made by its
 * 2xx or by a NOTIFY that overtakes it (§4.1.2.4), each NOTIFY answered 200 and passed up with
 * its Subscription-State, a refresh before the grant runs out (§4.1.2.2), and unsubscribe with
 * Expires 0 (§4.1.2.3). A NOTIFY with `terminated`, a failed refresh or a failed SUBSCRIBE ends it.
 */
import type { TimerHandle } from '../../clock.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { createUacDialog, createUasDialog } from '../dialog/index.js';
import { getCSeq, getExpires, type SipRequest, type SipResponse, type SipUri } from '../message/index.js';
import type { Inbound } from '../transport/sip-transport.js';
import { DialogChannel } from './dialog-channel.js';
import type { DialogOwner, HalfDialogOwner } from './dialog-table.js';
import { type EventHeader, formatEventHeader, parseEventHeader, parseSubscriptionState, sameEvent, type SubscriptionState } from './event-headers.js';
import { refreshDelayMs } from './refresh-delay.js';
import { outcomeOfFailure, outcomeOfResponse, type RequestOutcome } from './request-outcome.js';
import type { ServerRequest } from './server-request.js';
import { contentOf, type SipContent } from './sip-content.js';
import { StateMachine } from './state-machine.js';
import type { UaContext } from './ua-context.js';
import type { ClientCallbacks } from './ua-transactions.js';

export type SubscriptionStateName = 'subscribing' | 'pending' | 'active' | 'terminated';

const MOVES: Readonly<Record<SubscriptionStateName, readonly SubscriptionStateName[]>> = {
  subscribing: ['pending', 'active', 'terminated'],
  pending: ['active', 'terminated'],
  active: ['pending', 'terminated'],
  terminated: [],
};

export interface SubscriptionNotified {
  readonly state: SubscriptionState;
  readonly content: SipContent | undefined;
}

export interface SubscriptionTerminated {
  /** The Subscription-State reason (`timeout`, `noresource`, `rejected`...), or how it failed locally. */
  readonly reason: string | undefined;
  /** The failure of the SUBSCRIBE or its refresh, when that ended it. */
  readonly outcome?: RequestOutcome;
}

export type SubscriptionEvents = { notified: SubscriptionNotified; terminated: SubscriptionTerminated; accepted: { readonly expires: number } };

export interface SubscriptionInit {
  readonly event: EventHeader;
  readonly expires: number;
  readonly accept?: readonly string[];
  readonly target: SipUri;
  readonly callId: string;
  readonly localTag: string;
  /** Sends the first SUBSCRIBE, out of dialog, with these callbacks. */
  readonly sendInitial: (callbacks: ClientCallbacks) => SipRequest;
}

export class Subscription implements DialogOwner, HalfDialogOwner {
  readonly event: EventHeader;
  readonly #ctx: UaContext;
  readonly #init: SubscriptionInit;
  readonly #machine: StateMachine<SubscriptionStateName>;
  readonly #events = new TypedEmitter<SubscriptionEvents>();
  readonly #request: SipRequest;
  #channel: DialogChannel | undefined;
  #refresh: TimerHandle | undefined;
  #unsubscribing = false;

  constructor(ctx: UaContext, init: SubscriptionInit) {
    this.event = init.event;
    this.#ctx = ctx;
    this.#init = init;
    this.#machine = new StateMachine<SubscriptionStateName>(`subscription to ${init.event.eventPackage}`, 'subscribing', MOVES);
    ctx.dialogs.registerHalf(init.callId, init.localTag, this);
    this.#request = init.sendInitial({ response: (r) => this.#onSubscribeResponse(r, true), failed: (f) => this.#failed(outcomeOfFailure(f)) });
  }

  get state(): SubscriptionStateName {
    return this.#machine.state;
  }

  onAccepted(listener: (event: { readonly expires: number }) => void): () => void {
    return this.#events.on('accepted', listener);
  }

  onNotified(listener: (event: SubscriptionNotified) => void): () => void {
    return this.#events.on('notified', listener);
  }

  onTerminated(listener: (event: SubscriptionTerminated) => void): () => void {
    return this.#events.on('terminated', listener);
  }

  /** §4.1.2.3: SUBSCRIBE with Expires 0; the notifier's final NOTIFY ends the subscription. */
  unsubscribe(): void {
    if (this.#machine.is('terminated') || this.#unsubscribing) return;
    this.#unsubscribing = true;
    this.#refresh?.cancel();
    if (!this.#channel) return; // the dialog is not there yet; the first NOTIFY or 2xx will find us unsubscribing
    this.#sendInDialog(0);
  }

  close(): void {
    this.unsubscribe();
  }

  /** A NOTIFY that overtook the 2xx to our SUBSCRIBE (§4.1.2.4) creates the dialog. */
  receiveUnmatched(server: ServerRequest): boolean {
    if (server.method !== 'NOTIFY' || this.#channel) return false;
    const created = createUasDialog(server.request, { localTag: this.#init.localTag, state: 'confirmed' });
    if (!created.ok) return false;
    this.#adopt(new DialogChannel(this.#ctx, { ...created.value, role: 'uac', localSeq: this.#seqOfRequest() }));
    this.receiveRequest(server);
    return true;
  }

  receiveRequest(server: ServerRequest): void {
    const channel = this.#channel;
    if (!channel || !channel.admit(server)) return;
    if (server.method !== 'NOTIFY') {
      if (!this.#ctx.answerCommon(server)) server.respond(405, { headers: [['Allow', this.#ctx.capabilities.allow().join(', ')]] });
      return;
    }
    const event = parseEventHeader(server.request.headers.first('Event'));
    if (!event || !sameEvent(event, this.event)) return void server.respond(489);
    const state = parseSubscriptionState(server.request.headers.first('Subscription-State'));
    if (!state) return void server.respond(400, { reason: 'Missing or Malformed Subscription-State' });
    server.respond(200);
    channel.refreshTarget(server.request);
    this.#events.emit('notified', { state, content: contentOf(server.request) });
    if (state.state === 'terminated') return this.#terminate(state.reason);
    if (!this.#machine.is(state.state)) this.#machine.transition(state.state);
    if (state.expires !== undefined && !this.#unsubscribing) this.#scheduleRefresh(state.expires);
  }

  receiveAck(_ack: Inbound<SipRequest>): void {
    // No INVITE in a subscription dialog.
  }

  #onSubscribeResponse(response: SipResponse, initial: boolean): void {
    if (response.status < 200 || this.#machine.is('terminated')) return;
    if (response.status >= 300) return this.#failed(outcomeOfResponse(response));
    if (initial && !this.#channel) {
      const created = createUacDialog(this.#request, response);
      if (created.ok) this.#adopt(new DialogChannel(this.#ctx, created.value));
    }
    const expires = getExpires(response);
    const granted = expires.ok && expires.value !== undefined ? expires.value : this.#init.expires;
    this.#events.emit('accepted', { expires: granted });
    if (this.#unsubscribing && initial) return this.#sendInDialog(0);
    if (!this.#unsubscribing) this.#scheduleRefresh(granted);
  }

  #adopt(channel: DialogChannel): void {
    this.#channel = channel;
    channel.register(this);
    this.#ctx.dialogs.unregisterHalf(this.#init.callId, this.#init.localTag, this);
  }

  #scheduleRefresh(seconds: number): void {
    this.#refresh?.cancel();
    this.#refresh = this.#ctx.clock.setTimer(refreshDelayMs(seconds, this.#ctx.timers.T1), () => this.#sendInDialog(this.#init.expires));
  }

  #sendInDialog(expires: number): void {
    this.#channel?.send(
      {
        method: 'SUBSCRIBE',
        withContact: true,
        headers: [['Event', formatEventHeader(this.event)], ['Expires', String(expires)], ...(this.#init.accept ? [['Accept', this.#init.accept.join(', ')] as const] : [])],
      },
      { response: (r) => this.#onSubscribeResponse(r, false), failed: (f) => this.#failed(outcomeOfFailure(f)) },
    );
  }

  #seqOfRequest(): number {
    const cseq = getCSeq(this.#request);
    return cseq.ok ? cseq.value.seq : 1;
  }

  #failed(outcome: RequestOutcome): void {
    this.#terminate(undefined, outcome);
  }

  #terminate(reason: string | undefined, outcome?: RequestOutcome): void {
    if (this.#machine.is('terminated')) return;
    this.#refresh?.cancel();
    this.#machine.transition('terminated');
    this.#ctx.dialogs.unregisterHalf(this.#init.callId, this.#init.localTag, this);
    this.#channel?.unregister(this);
    this.#events.emit('terminated', { reason, ...(outcome === undefined ? {} : { outcome }) });
  }
}
