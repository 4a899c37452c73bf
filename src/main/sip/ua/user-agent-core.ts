/**
 * The user agent core (RFC 3261 §8, the TU above the transactions): it receives every request
 * and response the transport parses, runs the §8.2 checks, answers CANCEL (§9.2), OPTIONS
 * (§11.2) and MESSAGE (RFC 3428), hands in-dialog requests and ACKs to the dialog's owner
 * (§12.2.2, §13.3.1.4), turns new INVITEs into IncomingInvites and SUBSCRIBEs into notifier
 * subscriptions, and starts calls, messages, subscriptions and registrations of its own.
 */
import { type Clock, systemClock } from '../../clock.js';
import { dialogIdOfRequest } from '../dialog/index.js';
import type { SipRequest, SipResponse } from '../message/index.js';
import { timerConfig, type TransactionTimerConfig } from '../transaction/transaction-timers.js';
import type { Inbound, SipTransportLayer } from '../transport/sip-transport.js';
import { answerMessage, answerOptions, type MessageHandler, type MessageHandling } from './common-requests.js';
import { DialogTable } from './dialog-table.js';
import { IncomingInvite } from './incoming-invite.js';
import { LocalEndpoint } from './local-endpoint.js';
import { type EventPackage, Notifier } from './notifier.js';
import type { OutgoingInvite } from './outgoing-invite.js';
import type { Registration, RegisterOptions } from './registration.js';
import type { RequestOutcome } from './request-outcome.js';
import { type ResolveDestination, resolveIpUriDestination } from './resolve-destination.js';
import type { ServerRequest, ServerRequestDeps } from './server-request.js';
import type { SipContentInit } from './sip-content.js';
import { SipUaError } from './sip-ua-error.js';
import type { Subscription } from './subscription.js';
import { type InviteOptions, type RequestOptions, type SubscribeOptions, UacRequests } from './uac-requests.js';
import { checkRequest } from './uas-request-checks.js';
import type { UaCapabilities, UaContext } from './ua-context.js';
import { UaTransactions } from './ua-transactions.js';

export interface UserAgentCoreOptions {
  readonly transport: SipTransportLayer;
  /** The system clock by default; tests inject a FakeClock. */
  readonly clock?: Clock;
  /** Our address-of-record, e.g. `sip:alice@parley.invalid`. */
  readonly aor: string;
  readonly displayName?: string;
  /** The user part of our Contact; the AoR's by default. */
  readonly contactUser?: string;
  /** URI → transport address; IP-literal SIP URIs by default (no DNS). The DHT plugs in here. */
  readonly resolveDestination?: ResolveDestination;
  /** T1, T2, T4 where they differ from RFC 3261's 500 ms, 4 s, 5 s. */
  readonly timers?: Partial<TransactionTimerConfig>;
  /** The User-Agent and Server header value. */
  readonly product?: string;
  /** Option tags we support (none by default: no 100rel, no session timer). */
  readonly supported?: readonly string[];
  /** Session description types an INVITE may carry; `application/sdp` by default. */
  readonly sessionTypes?: readonly string[];
  /** Random bytes for branches, tags and Call-IDs; crypto.randomBytes by default. */
  readonly random?: (size: number) => Uint8Array;
  readonly log?: (line: string) => void;
}

/** Methods every Parley UA takes (§8.2.1); MESSAGE and SUBSCRIBE join when handlers exist. */
const BASE_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS', 'REFER', 'NOTIFY'];

export class UserAgentCore {
  readonly endpoint: LocalEndpoint;
  readonly #ctx: UaContext;
  readonly #transactions: UaTransactions;
  readonly #dialogs = new DialogTable();
  readonly #uac: UacRequests;
  readonly #notifier: Notifier;
  readonly #inviteListeners = new Set<(invite: IncomingInvite) => void>();
  readonly #serverDeps: ServerRequestDeps;
  readonly #unsubscribe: readonly (() => void)[];
  readonly #log: (line: string) => void;
  #messages: MessageHandling | undefined;
  #closed = false;

  constructor(options: UserAgentCoreOptions) {
    const clock = options.clock ?? systemClock;
    const timers = timerConfig(options.timers);
    const product = options.product ?? 'Parley';
    const resolve = options.resolveDestination ?? resolveIpUriDestination;
    this.#log = options.log ?? (() => undefined);
    this.endpoint = new LocalEndpoint(options);
    this.#serverDeps = { transport: options.transport, responseHeaders: [['Server', product]], log: this.#log };
    this.#transactions = new UaTransactions({ transport: options.transport, clock, timers, newTag: () => this.endpoint.newTag(), log: this.#log });
    const capabilities: UaCapabilities = {
      allow: () => this.allow,
      supported: (options.supported ?? []).map((tag) => tag.toLowerCase()),
      sessionTypes: (options.sessionTypes ?? ['application/sdp']).map((type) => type.toLowerCase()),
      allowEvents: () => this.#notifier.packages,
      product,
    };
    this.#ctx = {
      clock,
      timers,
      endpoint: this.endpoint,
      dialogs: this.#dialogs,
      transactions: this.#transactions,
      capabilities,
      resolve,
      answerCommon: (server) => this.#answerCommon(server),
      log: this.#log,
    };
    this.#uac = new UacRequests(this.#ctx);
    this.#notifier = new Notifier(this.#ctx);
    this.#unsubscribe = [options.transport.onRequest((inbound) => this.#onRequest(inbound)), options.transport.onResponse((inbound) => this.#onResponse(inbound))];
  }

  /** The methods we accept now (Allow, §20.5). */
  get allow(): readonly string[] {
    return [...BASE_METHODS, ...(this.#messages ? ['MESSAGE'] : []), ...(this.#notifier.packages.length > 0 ? ['SUBSCRIBE'] : [])];
  }

  /** Live dialogs (early ones we answered with a tag included), for tests and diagnostics. */
  get dialogCount(): number {
    return this.#dialogs.size;
  }

  /** Live client and server transactions. */
  get transactionCount(): number {
    return this.#transactions.clientCount + this.#transactions.serverCount;
  }

  /** New calls. Without a listener an INVITE is answered 480 Temporarily Unavailable. */
  onIncomingInvite(listener: (invite: IncomingInvite) => void): () => void {
    this.#inviteListeners.add(listener);
    return () => this.#inviteListeners.delete(listener);
  }

  /** Takes MESSAGE requests (RFC 3428); `accept` lists the body types (text/plain by default). */
  setMessageHandler(handler: MessageHandler | undefined, accept: readonly string[] = ['text/plain']): void {
    this.#messages = handler ? { handler, accept: accept.map((type) => type.toLowerCase()) } : undefined;
  }

  /** Serves an event package as a notifier (RFC 6665); undefined withdraws it. */
  setEventPackage(name: string, eventPackage: EventPackage | undefined): void {
    this.#notifier.setPackage(name, eventPackage);
  }

  /** §13.2.1: places a call. Throws UA_NO_ROUTE when the target resolves to no transport address. */
  invite(target: string, options: InviteOptions = {}): OutgoingInvite {
    this.#assertOpen();
    return this.#uac.invite(target, options);
  }

  /** §11.1: OPTIONS to `target`; resolves with the final response or a local 408/503. */
  options(target: string, options: RequestOptions = {}): Promise<RequestOutcome> {
    this.#assertOpen();
    return this.#uac.options(target, options);
  }

  /** RFC 3428 MESSAGE; resolves with the final response or a local 408/503. */
  message(target: string, content: SipContentInit, options: RequestOptions = {}): Promise<RequestOutcome> {
    this.#assertOpen();
    return this.#uac.message(target, content, options);
  }

  /** RFC 6665 SUBSCRIBE. */
  subscribe(target: string, options: SubscribeOptions): Subscription {
    this.#assertOpen();
    return this.#uac.subscribe(target, options);
  }

  /** §10.2 REGISTER at a classic registrar. */
  register(options: RegisterOptions): Registration {
    this.#assertOpen();
    return this.#uac.register(options);
  }

  /**
   * Ends every session (BYE), subscription and registration, then stops listening; the
   * transport stays the caller's. Requests already under way finish on their transactions.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const owner of this.#dialogs.owners()) owner.close?.();
    for (const registration of this.#uac.registrations) registration.close();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }

  #assertOpen(): void {
    if (this.#closed) throw new SipUaError('UA_CLOSED', 'the user agent core is closed');
  }

  #onResponse(inbound: Inbound<SipResponse>): void {
    if (this.#closed) return;
    try {
      this.#transactions.receiveResponse(inbound);
    } catch (error) {
      this.#log(`${inbound.message.status} handling failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  #onRequest(inbound: Inbound<SipRequest>): void {
    if (this.#closed) return;
    this.#log(`← ${inbound.message.method} ${inbound.message.requestUri} from ${inbound.source.protocol} ${inbound.source.host}:${inbound.source.port}`);
    const route = this.#transactions.receiveRequest(inbound, this.#serverDeps);
    try {
      if (route.kind === 'ack') {
        const id = dialogIdOfRequest(route.inbound.core);
        if (id) this.#dialogs.find(id)?.receiveAck(route.inbound);
      } else if (route.kind === 'new') {
        this.#onNewRequest(route.server);
      }
    } catch (error) {
      // A fault here (an application listener that threw, say) must not reach the transport,
      // and the peer still deserves an answer.
      this.#log(`${inbound.message.method} handling failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (route.kind === 'new' && route.server.finalStatus === undefined) route.server.respond(500);
    }
  }

  #onNewRequest(server: ServerRequest): void {
    if (server.method === 'CANCEL') return this.#onCancel(server);
    const policy = { allow: this.allow, supported: this.#ctx.capabilities.supported, sessionTypes: this.#ctx.capabilities.sessionTypes };
    const rejection = checkRequest(server.request, server.core, policy, this.#transactions.isMerged(server));
    if (rejection) {
      this.#log(`${server.method} refused by the ${rejection.rule} check: ${rejection.status}`);
      return void server.respond(rejection.status, { headers: rejection.headers, ...(rejection.reason === undefined ? {} : { reason: rejection.reason }) });
    }
    const id = dialogIdOfRequest(server.core);
    if (id) {
      const owner = this.#dialogs.find(id);
      if (owner) return owner.receiveRequest(server);
      if (this.#dialogs.findHalf(id.callId, id.localTag)?.receiveUnmatched(server)) return;
      // §12.2.2: "the UAS MUST reject the request with a 481 Call/Transaction Does Not Exist".
      return void server.respond(481);
    }
    switch (server.method) {
      case 'INVITE':
        return this.#onInvite(server);
      case 'SUBSCRIBE':
        return this.#notifier.receiveSubscribe(server);
      case 'REFER':
        return void server.respond(403, { reason: 'REFER Only Within A Dialog' });
      default:
        // BYE (§15.1.2) and NOTIFY outside any dialog: there is no such call or subscription.
        if (!this.#answerCommon(server)) server.respond(481);
    }
  }

  /** §9.2: 481 when no INVITE matches; else 200, and the INVITE gets 487 if still unanswered. */
  #onCancel(server: ServerRequest): void {
    const target = this.#transactions.cancelTarget(server);
    if (!target) return void server.respond(481);
    server.respond(200, {}, target.toTag);
    if (target.finalStatus === undefined && !target.cancel()) target.respond(487);
  }

  #onInvite(server: ServerRequest): void {
    if (this.#inviteListeners.size === 0) return void server.respond(480);
    const invite = new IncomingInvite(this.#ctx, server);
    for (const listener of this.#inviteListeners) listener(invite);
  }

  #answerCommon(server: ServerRequest): boolean {
    if (server.method === 'OPTIONS') {
      answerOptions(server, this.#ctx.capabilities);
      return true;
    }
    if (server.method === 'MESSAGE' && this.#messages) {
      answerMessage(server, this.#messages, this.#log);
      return true;
    }
    return false;
  }
}
