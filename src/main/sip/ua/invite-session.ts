/**
 * An INVITE session (RFC 3261 §13–§15): the dialog an accepted INVITE made, at either end. It
 * retransmits a 2xx of ours until its ACK (§13.3.1.4) and sends BYE after 64*T1 without one;
 * ends with BYE either way (§15); handles re-INVITE both ways (§14); and hosts the REFER
 * usages of the same dialog (RFC 3515). The state table below is the whole life of it.
 */
import { TypedEmitter } from '../../typed-emitter.js';
import type { Dialog, DialogRole } from '../dialog/index.js';
import type { SipHeaderInit, SipRequest, SipResponse } from '../message/index.js';
import type { Inbound } from '../transport/sip-transport.js';
import { AnswerRetransmitter } from './answer-retransmitter.js';
import type { DialogChannel } from './dialog-channel.js';
import type { DialogOwner } from './dialog-table.js';
import type { OutgoingRefer } from './outgoing-refer.js';
import { type ReferHandler, ReferUsages } from './refer-usages.js';
import { isRejection, type OfferDecision, type OfferHandler, ReinviteClient, type ReinviteResult } from './reinvite.js';
import type { ServerRequest } from './server-request.js';
import { bodyFields, contentOf, type SipContent, type SipContentInit } from './sip-content.js';
import { SipUaError } from './sip-ua-error.js';
import { StateMachine } from './state-machine.js';
import { dialogResponseHeaders, type UaContext } from './ua-context.js';

/**
 * waitingForAck: our 2xx to the initial INVITE is out, no ACK yet (UAS only).
 * byeAfterAck: we want to end, but §15 forbids the callee's BYE before the ACK (or 64*T1).
 * terminating: our BYE is out. terminated: the dialog is gone.
 */
export type InviteSessionState = 'waitingForAck' | 'byeAfterAck' | 'confirmed' | 'terminating' | 'terminated';

const MOVES: Readonly<Record<InviteSessionState, readonly InviteSessionState[]>> = {
  waitingForAck: ['confirmed', 'byeAfterAck', 'terminating', 'terminated'],
  byeAfterAck: ['terminating', 'terminated'],
  confirmed: ['terminating', 'terminated'],
  terminating: ['terminated'],
  terminated: [],
};

export type SessionEndReason = 'bye' | 'ackTimeout' | 'dialogGone' | 'closed';

export interface SessionEnded {
  readonly by: 'local' | 'remote';
  readonly reason: SessionEndReason;
}

export interface SessionAcknowledged {
  readonly seq: number;
  /** The answer, when our 2xx carried the offer (§13.2.1). */
  readonly content: SipContent | undefined;
}

export interface SessionModified {
  readonly direction: 'incoming' | 'outgoing';
  readonly offer: SipContent | undefined;
  readonly answer: SipContent | undefined;
}

export type InviteSessionEvents = {
  ended: SessionEnded;
  acknowledged: SessionAcknowledged;
  modified: SessionModified;
};

export interface InviteSessionInit {
  readonly role: DialogRole;
  readonly channel: DialogChannel;
  /** UAS: the 2xx just sent for the initial INVITE, retransmitted until its ACK. */
  readonly answered?: { readonly server: ServerRequest; readonly response: SipResponse };
}

export class InviteSession implements DialogOwner {
  readonly role: DialogRole;
  readonly #ctx: UaContext;
  readonly #channel: DialogChannel;
  readonly #machine: StateMachine<InviteSessionState>;
  readonly #events = new TypedEmitter<InviteSessionEvents>();
  /** Our 2xx responses awaiting their ACK, by CSeq number. */
  readonly #unacknowledged = new Map<number, AnswerRetransmitter>();
  readonly #refers: ReferUsages;
  #offerHandler: OfferHandler | undefined;
  #incomingReinvite: ServerRequest | undefined;
  #outgoingReinvite: ReinviteClient | undefined;
  #ended: SessionEnded | undefined;

  constructor(ctx: UaContext, init: InviteSessionInit) {
    this.role = init.role;
    this.#ctx = ctx;
    this.#channel = init.channel;
    this.#machine = new StateMachine<InviteSessionState>(`INVITE session ${init.channel.dialog.id.callId}`, init.answered ? 'waitingForAck' : 'confirmed', MOVES, (from, to) =>
      ctx.log(`session ${init.channel.dialog.id.callId}: ${from} → ${to}`),
    );
    this.#refers = new ReferUsages(init.channel);
    init.channel.register(this);
    if (init.answered) this.#retransmitUntilAck(init.answered.server, init.answered.response);
  }

  get dialog(): Dialog {
    return this.#channel.dialog;
  }

  get state(): InviteSessionState {
    return this.#machine.state;
  }

  /** Why the session ended, once it has. */
  get ended(): SessionEnded | undefined {
    return this.#ended;
  }

  onEnded(listener: (event: SessionEnded) => void): () => void {
    return this.#events.on('ended', listener);
  }

  onAcknowledged(listener: (event: SessionAcknowledged) => void): () => void {
    return this.#events.on('acknowledged', listener);
  }

  onModified(listener: (event: SessionModified) => void): () => void {
    return this.#events.on('modified', listener);
  }

  /** Decides re-INVITEs from the peer (hold, resume, codec change); without one they get 488. */
  setOfferHandler(handler: OfferHandler | undefined): void {
    this.#offerHandler = handler;
  }

  /** Decides REFERs from the peer (call transfer); without one they get 603. */
  setReferHandler(handler: ReferHandler | undefined): void {
    this.#refers.setHandler(handler);
  }

  /** Ends the session (§15.1.1): BYE now, or right after the ACK when we are the callee still waiting for it. */
  bye(): void {
    if (this.#machine.is('waitingForAck')) {
      this.#machine.transition('byeAfterAck');
      this.#emitEnded('local', 'bye');
    } else if (this.#machine.is('confirmed')) {
      this.#sendBye('bye');
    }
  }

  /** §14.1: a re-INVITE with `content` as the offer (or none, asking the peer for one). */
  modify(content?: SipContentInit): Promise<ReinviteResult> {
    if (!this.#machine.is('confirmed')) throw new SipUaError('UA_INVALID_STATE', `cannot re-INVITE a session that is ${this.#machine.state}`);
    if (this.#outgoingReinvite || this.#incomingReinvite || this.#unacknowledged.size > 0) {
      throw new SipUaError('UA_REQUEST_PENDING', 'another INVITE transaction is in progress in this dialog (§14.1)', { status: 491 });
    }
    const client = new ReinviteClient(this.#ctx, this.#channel, content, {
      succeeded: (result, offer) => {
        this.#outgoingReinvite = undefined;
        this.#events.emit('modified', { direction: 'outgoing', offer, answer: result.answer });
      },
      failed: () => (this.#outgoingReinvite = undefined),
      dialogGone: () => this.#dialogGone(),
    });
    this.#outgoingReinvite = client;
    return client.done;
  }

  /** Sends REFER (RFC 3515) asking the peer to contact `target`; its progress arrives as NOTIFYs. */
  refer(target: string, headers: readonly SipHeaderInit[] = []): OutgoingRefer {
    if (!this.#machine.is('confirmed')) throw new SipUaError('UA_INVALID_STATE', `cannot REFER in a session that is ${this.#machine.state}`);
    return this.#refers.send(target, headers);
  }

  receiveRequest(server: ServerRequest): void {
    if (!this.#channel.admit(server)) return;
    switch (server.method) {
      case 'BYE':
        return this.#onBye(server);
      case 'INVITE':
        return this.#onReinvite(server);
      case 'REFER':
        return this.#refers.receiveRefer(server);
      case 'NOTIFY':
        return this.#refers.receiveNotify(server);
      default:
        if (!this.#ctx.answerCommon(server)) server.respond(405, { headers: [['Allow', this.#ctx.capabilities.allow().join(', ')]] });
    }
  }

  /** §13.3.1.4: the ACK stops the 2xx retransmissions for its CSeq. */
  receiveAck(ack: Inbound<SipRequest>): void {
    const seq = ack.core.cseq.seq;
    const retransmitter = this.#unacknowledged.get(seq);
    if (!retransmitter) return;
    retransmitter.stop();
    this.#unacknowledged.delete(seq);
    if (this.#machine.is('waitingForAck')) this.#machine.transition('confirmed');
    this.#events.emit('acknowledged', { seq, content: contentOf(ack.message) });
    if (this.#machine.is('byeAfterAck')) this.#sendBye('bye');
  }

  /** Ends the session because the UA core is closing. */
  close(): void {
    if (this.#machine.is('waitingForAck', 'byeAfterAck', 'confirmed')) this.#sendBye('closed');
  }

  #retransmitUntilAck(server: ServerRequest, response: SipResponse): void {
    const seq = server.core.cseq.seq;
    const retransmitter = new AnswerRetransmitter({
      clock: this.#ctx.clock,
      config: this.#ctx.timers,
      retransmit: () => server.retransmit(response),
      onTimeout: () => {
        this.#unacknowledged.delete(seq);
        this.#ctx.log(`no ACK for the 2xx to INVITE ${seq} in 64*T1: ending the session (§13.3.1.4)`);
        if (this.#machine.is('waitingForAck', 'byeAfterAck', 'confirmed')) this.#sendBye('ackTimeout');
      },
    });
    this.#unacknowledged.set(seq, retransmitter);
  }

  #sendBye(reason: SessionEndReason): void {
    this.#stopRetransmissions();
    this.#machine.transition('terminating');
    this.#emitEnded('local', reason);
    this.#channel.send({ method: 'BYE' }, { response: (response) => response.status >= 200 && this.#terminate(), failed: () => this.#terminate() });
  }

  #onBye(server: ServerRequest): void {
    server.respond(200);
    // §15.1.2: requests still pending in the dialog are answered, 487 recommended.
    if (this.#incomingReinvite && this.#incomingReinvite.finalStatus === undefined) this.#incomingReinvite.respond(487);
    this.#incomingReinvite = undefined;
    this.#emitEnded('remote', 'bye');
    this.#terminate();
  }

  #onReinvite(server: ServerRequest): void {
    if (this.#machine.is('terminating', 'terminated')) return void server.respond(481);
    if (this.#outgoingReinvite) return void server.respond(491);
    if (this.#incomingReinvite) {
      // §14.2: "MUST return a 500 ... and MUST include a Retry-After ... between 0 and 10 seconds".
      return void server.respond(500, { headers: [['Retry-After', String(Math.floor(Math.random() * 11))]] });
    }
    const handler = this.#offerHandler;
    if (!handler) return void server.respond(488);
    this.#incomingReinvite = server;
    const offer = contentOf(server.request);
    let decision: OfferDecision | Promise<OfferDecision>;
    try {
      decision = handler(offer, server.request);
    } catch (error) {
      this.#ctx.log(`offer handler failed: ${String(error)}`);
      decision = { reject: 500 };
    }
    if (decision instanceof Promise) decision.then((d) => this.#answerReinvite(server, offer, d), () => this.#answerReinvite(server, offer, { reject: 500 }));
    else this.#answerReinvite(server, offer, decision);
  }

  #answerReinvite(server: ServerRequest, offer: SipContent | undefined, decision: OfferDecision): void {
    if (this.#incomingReinvite === server) this.#incomingReinvite = undefined;
    if (server.finalStatus !== undefined) return;
    if (isRejection(decision)) {
      server.respond(decision.reject >= 300 && decision.reject <= 699 ? decision.reject : 488);
      return;
    }
    this.#channel.refreshTarget(server.request);
    const response = server.respond(200, { headers: dialogResponseHeaders(this.#ctx, server), ...bodyFields(decision) });
    this.#retransmitUntilAck(server, response);
    this.#events.emit('modified', { direction: 'incoming', offer, answer: contentOf(response) });
  }

  /** §12.2.1.2: a 481, 408 or no answer to a request in the dialog ends it. */
  #dialogGone(): void {
    if (this.#machine.is('waitingForAck', 'byeAfterAck', 'confirmed')) this.#sendBye('dialogGone');
  }

  #terminate(): void {
    if (this.#machine.is('terminated')) return;
    this.#stopRetransmissions();
    this.#machine.transition('terminated');
    this.#channel.terminate();
    this.#channel.unregister(this);
  }

  #stopRetransmissions(): void {
    for (const retransmitter of this.#unacknowledged.values()) retransmitter.stop();
    this.#unacknowledged.clear();
  }

  #emitEnded(by: SessionEnded['by'], reason: SessionEndReason): void {
    if (this.#ended) return;
    this.#ended = { by, reason };
    this.#events.emit('ended', this.#ended);
  }
}
