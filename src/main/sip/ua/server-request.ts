/**
 * A request the UA core received, with the server transaction that answers it (§17.2). Every
 * response this UA sends goes out through here: built per §8.2.6 with the UAS's To tag, sent
 * through the transaction, and — for the 2xx retransmissions of §13.3.1.4, which outlive the
 * INVITE transaction — straight to the transport once the transaction has gone.
 */
import { createResponse, type ResponseOptions, type SipCoreHeaders, type SipRequest, type SipResponse, tagOf } from '../message/index.js';
import type { InviteServerTransaction } from '../transaction/invite-server-transaction.js';
import type { NonInviteServerTransaction } from '../transaction/non-invite-server-transaction.js';
import type { Inbound, SipTransportLayer, TransportAddress } from '../transport/sip-transport.js';
import { SipUaError } from './sip-ua-error.js';

export type ServerTransaction = InviteServerTransaction<SipRequest | SipResponse> | NonInviteServerTransaction<SipRequest | SipResponse>;

export interface ServerRequestDeps {
  readonly transport: SipTransportLayer;
  /** Fields every response carries (Server). */
  readonly responseHeaders: readonly (readonly [string, string])[];
  readonly log: (line: string) => void;
}

export class ServerRequest {
  readonly request: SipRequest;
  readonly core: SipCoreHeaders;
  readonly source: TransportAddress;
  readonly local: TransportAddress;
  /** The To tag of our responses: the request's own in a dialog, else one we minted (§8.2.6.2). */
  readonly toTag: string;
  readonly #deps: ServerRequestDeps;
  #transaction: ServerTransaction | undefined;
  #finalStatus: number | undefined;
  #cancelListener: (() => void) | undefined;

  constructor(inbound: Inbound<SipRequest>, newTag: () => string, deps: ServerRequestDeps) {
    this.request = inbound.message;
    this.core = inbound.core;
    this.source = inbound.source;
    this.local = inbound.local;
    this.toTag = tagOf(inbound.core.to) ?? newTag();
    this.#deps = deps;
  }

  get method(): string {
    return this.request.method;
  }

  /** The final status sent, once one is. */
  get finalStatus(): number | undefined {
    return this.#finalStatus;
  }

  get transactionState(): string | undefined {
    return this.#transaction?.state;
  }

  /** Called once by the transaction layer, before the request reaches the core. */
  attach(transaction: ServerTransaction): void {
    this.#transaction = transaction;
  }

  /**
   * Builds a response (§8.2.6) and sends it; returns it (for 2xx retransmissions). `toTag`
   * overrides ours: a CANCEL's 200 carries its INVITE's tag (§9.2).
   */
  respond(status: number, options: ResponseOptions = {}, toTag: string = this.toTag): SipResponse {
    const response = createResponse(this.request, status, {
      ...options,
      toTag,
      headers: [...(options.headers ?? []), ...this.#deps.responseHeaders],
    });
    this.send(response);
    return response;
  }

  /** Sends a response built elsewhere through the transaction. A second final response is a fault. */
  send(response: SipResponse): void {
    if (this.#finalStatus !== undefined) {
      throw new SipUaError('UA_INVALID_STATE', `${this.method} was already answered with ${this.#finalStatus}; cannot send ${response.status}`);
    }
    if (response.status >= 200) this.#finalStatus = response.status;
    this.#deps.log(`→ ${response.status} ${response.reason} to ${this.method}`);
    this.#transaction?.respond(response);
  }

  /**
   * §13.3.1.4: a 2xx retransmission. RFC 6026's Accepted state lets it through the INVITE
   * transaction; once that has ended (Timer L) it goes to the transport directly.
   */
  retransmit(response: SipResponse): void {
    if (this.#transaction?.state === 'Accepted') {
      this.#transaction.respond(response);
      return;
    }
    this.#deps.transport.sendResponse(response, this.source).catch((error: unknown) => this.#deps.log(`2xx retransmission failed: ${String(error)}`));
  }

  /** The INVITE's owner listens for a matching CANCEL (§9.2). */
  onCancel(listener: () => void): void {
    this.#cancelListener = listener;
  }

  /** A CANCEL matched this request; true when someone was listening. */
  cancel(): boolean {
    if (!this.#cancelListener) return false;
    this.#cancelListener();
    return true;
  }
}
