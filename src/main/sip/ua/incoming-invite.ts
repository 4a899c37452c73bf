/**
 * An INVITE that arrived outside a dialog (RFC 3261 §13.3): the application rings (1xx),
 * accepts (2xx, which makes an InviteSession) or rejects (300-699). A CANCEL before the final
 * response gets the INVITE a 487 (§9.2); so does a BYE in the early dialog (§15.1.2).
 */
import { TypedEmitter } from '../../typed-emitter.js';
import { createUasDialog, type Dialog, transitionDialog } from '../dialog/index.js';
import type { NameAddr, SipHeaderInit, SipRequest } from '../message/index.js';
import type { Inbound, TransportAddress } from '../transport/sip-transport.js';
import { DialogChannel } from './dialog-channel.js';
import type { DialogOwner } from './dialog-table.js';
import { InviteSession } from './invite-session.js';
import type { ServerRequest } from './server-request.js';
import { bodyFields, contentOf, type SipContent, type SipContentInit } from './sip-content.js';
import { SipUaError } from './sip-ua-error.js';
import { StateMachine } from './state-machine.js';
import { dialogResponseHeaders, recordRouteCopies, type UaContext } from './ua-context.js';

/** pending: only 100 Trying sent. early: a 1xx with our tag sent (an early dialog exists). */
export type IncomingInviteState = 'pending' | 'early' | 'accepted' | 'rejected' | 'cancelled';

const MOVES: Readonly<Record<IncomingInviteState, readonly IncomingInviteState[]>> = {
  pending: ['early', 'accepted', 'rejected', 'cancelled'],
  early: ['accepted', 'rejected', 'cancelled'],
  accepted: [],
  rejected: [],
  cancelled: [],
};

export interface IncomingInviteCancelled {
  /** CANCEL (§9.2) or a BYE in the early dialog (§15.1.2). */
  readonly by: 'CANCEL' | 'BYE';
}

export type IncomingInviteEvents = { cancelled: IncomingInviteCancelled };

export interface AnswerOptions {
  /** Extra header fields for the response. */
  readonly headers?: readonly SipHeaderInit[];
  readonly reason?: string;
  /** Feature parameters of our Contact (RFC 3840), e.g. `isfocus` when a conference focus answers (RFC 4579 §3). */
  readonly contactFeatures?: readonly string[];
}

export class IncomingInvite implements DialogOwner {
  readonly request: SipRequest;
  /** The offer, when the INVITE carried one (§13.2.1); otherwise the 2xx must carry one. */
  readonly offer: SipContent | undefined;
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly source: TransportAddress;
  readonly #ctx: UaContext;
  readonly #server: ServerRequest;
  readonly #machine: StateMachine<IncomingInviteState>;
  readonly #events = new TypedEmitter<IncomingInviteEvents>();
  #earlyDialog: Dialog | undefined;
  #session: InviteSession | undefined;

  constructor(ctx: UaContext, server: ServerRequest) {
    this.request = server.request;
    this.offer = contentOf(server.request);
    this.from = server.core.from;
    this.to = server.core.to;
    this.source = server.source;
    this.#ctx = ctx;
    this.#server = server;
    this.#machine = new StateMachine<IncomingInviteState>(`incoming INVITE ${server.core.callId}`, 'pending', MOVES);
    server.onCancel(() => this.#cancelled('CANCEL'));
  }

  get state(): IncomingInviteState {
    return this.#machine.state;
  }

  get callId(): string {
    return this.#server.core.callId;
  }

  /** The session, once accepted. */
  get session(): InviteSession | undefined {
    return this.#session;
  }

  onCancelled(listener: (event: IncomingInviteCancelled) => void): () => void {
    return this.#events.on('cancelled', listener);
  }

  /** 180 Ringing. */
  ring(): void {
    this.progress(180);
  }

  /** A provisional response with our tag and Contact (§13.3.1.1), which creates an early dialog; 183 may carry early media. */
  progress(status = 180, content?: SipContentInit, options: AnswerOptions = {}): void {
    if (status <= 100 || status >= 200) throw new SipUaError('UA_BAD_STATUS', `progress() sends 101-199, not ${status}`);
    this.#require('progress');
    const dialog = this.#earlyDialog ?? this.#createDialog('early');
    this.#earlyDialog = dialog;
    this.#ctx.dialogs.register(dialog.id, this);
    this.#machine.transition('early');
    this.#server.respond(status, this.#responseOptions(content, options));
  }

  /** §13.3.1.4: 2xx with the answer (or, for an offerless INVITE, the offer), retransmitted until ACK. */
  accept(content?: SipContentInit, options: AnswerOptions = {}): InviteSession {
    this.#require('accept');
    const dialog = this.#earlyDialog ? transitionDialog(this.#earlyDialog, 'confirmed') : this.#createDialog('confirmed');
    this.#machine.transition('accepted');
    const response = this.#server.respond(200, this.#responseOptions(content, options));
    this.#session = new InviteSession(this.#ctx, { role: 'uas', channel: new DialogChannel(this.#ctx, dialog), answered: { server: this.#server, response } });
    return this.#session;
  }

  /** A final failure: 486 Busy Here by default; 603 Decline, 480, 488... */
  reject(status = 486, options: AnswerOptions = {}): void {
    if (status < 300 || status > 699) throw new SipUaError('UA_BAD_STATUS', `reject() sends 300-699, not ${status}`);
    this.#require('reject');
    this.#machine.transition('rejected');
    this.#endEarlyDialog();
    this.#server.respond(status, { ...(options.reason === undefined ? {} : { reason: options.reason }), headers: options.headers ?? [] });
  }

  /** §15.1.2: a BYE from the caller in the early dialog ends the INVITE with 487. */
  receiveRequest(server: ServerRequest): void {
    if (server.method === 'BYE') {
      server.respond(200);
      this.#cancelled('BYE');
      return;
    }
    if (!this.#ctx.answerCommon(server)) server.respond(481);
  }

  receiveAck(_ack: Inbound<SipRequest>): void {
    // An ACK before our 2xx matches no response of ours; the transaction absorbs those for non-2xx.
  }

  #cancelled(by: IncomingInviteCancelled['by']): void {
    if (!this.#machine.is('pending', 'early')) return;
    this.#machine.transition('cancelled');
    this.#endEarlyDialog();
    this.#server.respond(487);
    this.#events.emit('cancelled', { by });
  }

  #createDialog(state: 'early' | 'confirmed'): Dialog {
    const created = createUasDialog(this.request, { localTag: this.#server.toTag, state });
    if (!created.ok) throw new SipUaError('UA_DIALOG_FAILED', created.error.message, { cause: created.error });
    return created.value;
  }

  #endEarlyDialog(): void {
    if (this.#earlyDialog) this.#ctx.dialogs.unregister(this.#earlyDialog.id, this);
  }

  #responseOptions(content: SipContentInit | undefined, options: AnswerOptions): Parameters<ServerRequest['respond']>[1] {
    return {
      ...(options.reason === undefined ? {} : { reason: options.reason }),
      headers: [...recordRouteCopies(this.#server), ...dialogResponseHeaders(this.#ctx, this.#server, options.contactFeatures), ...(options.headers ?? [])],
      ...bodyFields(content),
    };
  }

  #require(action: string): void {
    if (!this.#machine.is('pending', 'early')) throw new SipUaError('UA_INVALID_STATE', `cannot ${action} an INVITE that is ${this.#machine.state}`);
  }
}
