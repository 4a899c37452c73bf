/**
 * One dialog's data and its traffic: the UA core's shell around the pure functions of
 * sip/dialog. It sends new requests in the dialog (§12.2.1.1) through client transactions,
 * sends the ACK for a 2xx (§13.2.2.4), and checks requests that arrive in it (§12.2.2).
 */
import {
  buildAckFor2xx,
  buildInDialogRequest,
  type Dialog,
  type InDialogRequestInit,
  receiveInDialogRequest,
  refreshRemoteTarget,
  routeRequest,
  transitionDialog,
} from '../dialog/index.js';
import type { SipHeaderInit, SipRequest, SipResponse } from '../message/index.js';
import type { TransportAddress } from '../transport/sip-transport.js';
import type { DialogOwner } from './dialog-table.js';
import { nextHopUri } from './resolve-destination.js';
import type { ServerRequest } from './server-request.js';
import { bodyFields, type SipContentInit } from './sip-content.js';
import type { ClientCallbacks, ClientHandle } from './ua-transactions.js';
import type { UaContext } from './ua-context.js';

export interface ChannelRequestInit {
  readonly method: string;
  readonly headers?: readonly SipHeaderInit[];
  readonly content?: SipContentInit;
  /** Adds our Contact: target refresh requests and those that create a usage (REFER, SUBSCRIBE). */
  readonly withContact?: boolean;
}

export class DialogChannel {
  readonly #ctx: UaContext;
  #dialog: Dialog;

  constructor(ctx: UaContext, dialog: Dialog) {
    this.#ctx = ctx;
    this.#dialog = dialog;
  }

  get dialog(): Dialog {
    return this.#dialog;
  }

  update(change: (dialog: Dialog) => Dialog): void {
    this.#dialog = change(this.#dialog);
  }

  terminate(): void {
    if (this.#dialog.state !== 'terminated') this.#dialog = transitionDialog(this.#dialog, 'terminated');
  }

  register(owner: DialogOwner): void {
    this.#ctx.dialogs.register(this.#dialog.id, owner);
  }

  unregister(owner: DialogOwner): void {
    this.#ctx.dialogs.unregister(this.#dialog.id, owner);
  }

  /** Where requests in the dialog go now (§8.1.2 with the dialog's route set and remote target). */
  destination(): TransportAddress | undefined {
    const routing = routeRequest(this.#dialog.routeSet, this.#dialog.remoteTarget);
    return this.#ctx.resolve(nextHopUri(routing.requestUri, routing.routes));
  }

  /**
   * Sends a new request in the dialog. When the next hop cannot be resolved, nothing is sent
   * and `failed('transportError')` follows on the next tick (§8.1.3.1 treats it as 503).
   */
  send(init: ChannelRequestInit, callbacks: ClientCallbacks): { readonly request: SipRequest; readonly handle: ClientHandle } | undefined {
    const destination = this.destination();
    if (destination === undefined) {
      this.#ctx.log(`${init.method}: no route to ${JSON.stringify(this.#dialog.remoteTarget)}`);
      this.#ctx.clock.setTimer(0, () => callbacks.failed('transportError'));
      return undefined;
    }
    const requestInit: InDialogRequestInit = {
      method: init.method,
      via: this.#ctx.endpoint.via(destination.protocol, this.#ctx.endpoint.newBranch()),
      ...(init.withContact ? { contact: this.#ctx.endpoint.contact(destination.protocol) } : {}),
      headers: [...(init.headers ?? []), ['User-Agent', this.#ctx.capabilities.product]],
      ...bodyFields(init.content),
    };
    const built = buildInDialogRequest(this.#dialog, requestInit);
    this.#dialog = built.dialog;
    return { request: built.request, handle: this.#ctx.transactions.startClient(built.request, destination, callbacks) };
  }

  /** §13.2.2.4: the ACK for a 2xx to `invite`, sent outside any transaction; returned for resending. */
  ack(invite: SipRequest, inviteSeq: number, content?: SipContentInit): { readonly request: SipRequest; readonly destination: TransportAddress } | undefined {
    const destination = this.destination();
    if (destination === undefined) return undefined;
    const via = this.#ctx.endpoint.via(destination.protocol, this.#ctx.endpoint.newBranch());
    const request = buildAckFor2xx(this.#dialog, invite, { via, inviteSeq, ...bodyFields(content) });
    this.#ctx.transactions.sendStateless(request, destination);
    return { request, destination };
  }

  resend(ack: { readonly request: SipRequest; readonly destination: TransportAddress }): void {
    this.#ctx.transactions.sendStateless(ack.request, ack.destination);
  }

  /** §12.2.2: true when `server` may go on; an out-of-order request has been answered 500. */
  admit(server: ServerRequest): boolean {
    const check = receiveInDialogRequest(this.#dialog, server.core.cseq);
    if (!check.ok) {
      server.respond(500, { reason: 'Server Internal Error', headers: [['Warning', `399 parley "${check.reason}"`]] });
      return false;
    }
    this.#dialog = check.dialog;
    return true;
  }

  /** A target refresh request or its 2xx replaces the remote target (§12.2). */
  refreshTarget(message: SipRequest | SipResponse): void {
    this.#dialog = refreshRemoteTarget(this.#dialog, message);
  }
}
