/**
 * An INVITE we sent (RFC 3261 §13.2): provisional responses and early dialogs, one per To tag
 * (§13.2.2.1); the first 2xx wins and becomes the session, and every 2xx — retransmissions and
 * the 2xx of other forks — is ACKed (§13.2.2.4), a losing fork's dialog then ended with BYE;
 * CANCEL only after a provisional response (§9.1); failure on a final non-2xx or a timeout.
 */
import type { TimerHandle } from '../../clock.js';
import { TypedEmitter } from '../../typed-emitter.js';
import { confirmUacDialog, createUacDialog, type Dialog, updateEarlyDialog } from '../dialog/index.js';
import { createCancel, getTo, type SipRequest, type SipResponse, tagOf } from '../message/index.js';
import { DialogChannel } from './dialog-channel.js';
import { InviteSession, type SessionEnded } from './invite-session.js';
import { outcomeOfFailure, outcomeOfResponse, type RequestOutcome } from './request-outcome.js';
import { contentOf, type SipContent, type SipContentInit } from './sip-content.js';
import { SipUaError } from './sip-ua-error.js';
import { StateMachine } from './state-machine.js';
import type { UaContext } from './ua-context.js';
import type { ClientCallbacks, ClientHandle } from './ua-transactions.js';

/** cancelPending: cancel() came before any provisional response, so the CANCEL waits for one (§9.1). */
export type OutgoingInviteState = 'calling' | 'proceeding' | 'cancelPending' | 'cancelling' | 'established' | 'failed';

const MOVES: Readonly<Record<OutgoingInviteState, readonly OutgoingInviteState[]>> = {
  calling: ['proceeding', 'cancelPending', 'established', 'failed'],
  proceeding: ['cancelling', 'established', 'failed'],
  cancelPending: ['cancelling', 'failed'],
  cancelling: ['failed'],
  established: [],
  failed: [],
};

export interface EarlyDialogEvent {
  readonly dialog: Dialog;
  readonly response: SipResponse;
  /** Early media or an early answer, when the 1xx carried a body. */
  readonly content: SipContent | undefined;
}

export interface InviteFailure extends RequestOutcome {
  /** True when our CANCEL ended the attempt. */
  readonly cancelled: boolean;
}

export type OutgoingInviteEvents = {
  provisional: SipResponse;
  early: EarlyDialogEvent;
  established: InviteSession;
  failed: InviteFailure;
  ended: SessionEnded;
};

export interface OutgoingInviteInit {
  /**
   * For an INVITE without an offer: the answer to the offer in the 2xx, which rides on the ACK
   * (§13.2.1). Not needed when the INVITE carried the offer.
   */
  readonly answerOffer?: (offer: SipContent) => SipContentInit | undefined;
}

export class OutgoingInvite {
  readonly #ctx: UaContext;
  readonly #machine: StateMachine<OutgoingInviteState>;
  readonly #events = new TypedEmitter<OutgoingInviteEvents>();
  readonly #init: OutgoingInviteInit;
  readonly #early = new Map<string, Dialog>();
  /** The ACK sent for each To tag's 2xx, re-sent for its retransmissions (§13.2.2.4). */
  readonly #acks = new Map<string, { readonly channel: DialogChannel; readonly ack: NonNullable<ReturnType<DialogChannel['ack']>> }>();
  #handle: ClientHandle | undefined;
  #session: InviteSession | undefined;
  #answer: SipContent | undefined;
  #cancelTimer: TimerHandle | undefined;

  /** `send` starts the INVITE client transaction with the callbacks it is given. */
  constructor(ctx: UaContext, send: (callbacks: ClientCallbacks) => ClientHandle, init: OutgoingInviteInit = {}) {
    this.#ctx = ctx;
    this.#init = init;
    this.#machine = new StateMachine<OutgoingInviteState>('outgoing INVITE', 'calling', MOVES);
    this.#handle = send({ response: (response) => this.#onResponse(response), failed: (failure) => this.#fail(outcomeOfFailure(failure)) });
  }

  get state(): OutgoingInviteState {
    return this.#machine.state;
  }

  get request(): SipRequest {
    if (!this.#handle) throw new SipUaError('UA_INVALID_STATE', 'the INVITE has not been sent yet');
    return this.#handle.request;
  }

  get session(): InviteSession | undefined {
    return this.#session;
  }

  /** The body of the 2xx that established the call: the answer to our offer (RFC 3264 §5), or the callee's offer. */
  get answer(): SipContent | undefined {
    return this.#answer;
  }

  onProvisional(listener: (response: SipResponse) => void): () => void {
    return this.#events.on('provisional', listener);
  }

  onEarly(listener: (event: EarlyDialogEvent) => void): () => void {
    return this.#events.on('early', listener);
  }

  onEstablished(listener: (session: InviteSession) => void): () => void {
    return this.#events.on('established', listener);
  }

  onFailed(listener: (failure: InviteFailure) => void): () => void {
    return this.#events.on('failed', listener);
  }

  /** The established session ended (a convenience for `onEstablished(s => s.onEnded(...))`). */
  onEnded(listener: (event: SessionEnded) => void): () => void {
    return this.#events.on('ended', listener);
  }

  /**
   * §9.1: CANCEL the INVITE. Before any provisional response the CANCEL waits for one; after a
   * final response there is nothing to cancel (false). A 2xx that crosses the CANCEL is ACKed and
   * ended with BYE.
   */
  cancel(): boolean {
    if (this.#machine.is('calling')) this.#machine.transition('cancelPending');
    else if (this.#machine.is('proceeding')) this.#sendCancel();
    return this.#machine.is('cancelPending', 'cancelling');
  }

  #onResponse(response: SipResponse): void {
    if (response.status < 200) return this.#onProvisional(response);
    if (response.status < 300) return this.#on2xx(response);
    if (this.#machine.is('established', 'failed')) return;
    this.#fail(outcomeOfResponse(response));
  }

  #onProvisional(response: SipResponse): void {
    if (this.#machine.is('calling')) this.#machine.transition('proceeding');
    if (this.#machine.is('cancelPending')) this.#sendCancel();
    this.#events.emit('provisional', response);
    const tag = remoteTag(response);
    if (tag === undefined || response.status === 100 || !this.#handle) return;
    const known = this.#early.get(tag);
    if (known) return void this.#early.set(tag, updateEarlyDialog(known, response));
    const created = createUacDialog(this.#handle.request, response);
    if (!created.ok) return this.#ctx.log(`1xx without a usable dialog: ${created.error.message}`);
    this.#early.set(tag, created.value);
    this.#events.emit('early', { dialog: created.value, response, content: contentOf(response) });
  }

  #on2xx(response: SipResponse): void {
    const tag = remoteTag(response);
    const handle = this.#handle;
    if (tag === undefined || !handle) return this.#ctx.log('a 2xx without a To tag cannot be ACKed into a dialog; dropped');
    const sent = this.#acks.get(tag);
    if (sent) return sent.channel.resend(sent.ack);
    const early = this.#early.get(tag);
    const created = early ? { ok: true as const, value: confirmUacDialog(early, response) } : createUacDialog(handle.request, response);
    if (!created.ok) return this.#ctx.log(`2xx without a usable dialog: ${created.error.message}`);
    this.#early.delete(tag);
    const channel = new DialogChannel(this.#ctx, created.value);
    const offer = handle.request.body.length === 0 ? contentOf(response) : undefined;
    const answer = offer && this.#init.answerOffer?.(offer);
    const seq = created.value.localSeq ?? 1;
    const ack = channel.ack(handle.request, seq, answer);
    if (!ack) return this.#ctx.log('no route for the ACK of a 2xx');
    this.#acks.set(tag, { channel, ack });
    const session = new InviteSession(this.#ctx, { role: 'uac', channel });
    if (this.#machine.is('calling', 'proceeding')) {
      this.#machine.transition('established');
      this.#session = session;
      this.#answer = contentOf(response);
      session.onEnded((event) => this.#events.emit('ended', event));
      this.#events.emit('established', session);
      return;
    }
    // A losing fork, or an answer that crossed our CANCEL: ACKed above, now ended (§13.2.2.4, §15).
    session.bye();
    if (this.#machine.is('cancelPending', 'cancelling')) this.#fail({ status: 487, reason: 'Request Terminated', response }, true);
  }

  #sendCancel(): void {
    const handle = this.#handle;
    if (!handle) return;
    this.#machine.transition('cancelling');
    this.#ctx.transactions.startClient(createCancel(handle.request), handle.destination, { response: () => undefined, failed: () => undefined });
    // §9.1: no final response 64*T1 after the CANCEL: consider the INVITE cancelled.
    this.#cancelTimer = this.#ctx.clock.setTimer(64 * this.#ctx.timers.T1, () => {
      handle.abandon();
      this.#fail({ status: 487, reason: 'Request Terminated' }, true);
    });
  }

  #fail(outcome: RequestOutcome, cancelled = this.#machine.is('cancelling', 'cancelPending')): void {
    if (this.#machine.is('established', 'failed')) return;
    this.#cancelTimer?.cancel();
    this.#machine.transition('failed');
    this.#early.clear();
    this.#events.emit('failed', { ...outcome, cancelled });
  }
}

function remoteTag(response: SipResponse): string | undefined {
  const to = getTo(response);
  return to.ok ? tagOf(to.value) : undefined;
}
