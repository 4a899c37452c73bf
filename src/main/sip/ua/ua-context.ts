/**
 * What the UA core's parts share: time, identity, the transaction and dialog tables, the
 * capabilities it advertises, and the destination resolver. The core builds one and hands it to
 * every INVITE, session, subscription and registration it creates.
 */
import type { Clock } from '../../clock.js';
import type { SipHeaderInit, Uri } from '../message/index.js';
import type { TransactionTimerConfig } from '../transaction/transaction-timers.js';
import type { TransportAddress } from '../transport/sip-transport.js';
import type { DialogTable } from './dialog-table.js';
import type { LocalEndpoint } from './local-endpoint.js';
import type { ServerRequest } from './server-request.js';
import type { UaTransactions } from './ua-transactions.js';

export interface UaCapabilities {
  /** The methods we accept (Allow, §20.5); changes as handlers are set. */
  allow(): readonly string[];
  /** Option tags we support (Supported, §20.37); a Require outside them gets 420. */
  readonly supported: readonly string[];
  /** Session description types an INVITE may carry (Accept, §20.1); others get 415. */
  readonly sessionTypes: readonly string[];
  /** Event packages we serve as a notifier (Allow-Events, RFC 6665 §8.2.2). */
  allowEvents(): readonly string[];
  /** User-Agent and Server header value. */
  readonly product: string;
}

export interface UaContext {
  readonly clock: Clock;
  readonly timers: TransactionTimerConfig;
  readonly endpoint: LocalEndpoint;
  readonly dialogs: DialogTable;
  readonly transactions: UaTransactions;
  readonly capabilities: UaCapabilities;
  resolve(uri: Uri): TransportAddress | undefined;
  /** Answers what any dialog or none can: OPTIONS (§11.2) and MESSAGE (RFC 3428). False when it is not one of those. */
  answerCommon(server: ServerRequest): boolean;
  log(line: string): void;
}

/** Allow and Supported, which requests and responses that start or refresh a dialog carry (§13.2.1, §13.3.1.4). */
export function allowAndSupported(capabilities: UaCapabilities): SipHeaderInit[] {
  const fields: SipHeaderInit[] = [['Allow', capabilities.allow().join(', ')]];
  if (capabilities.supported.length > 0) fields.push(['Supported', capabilities.supported.join(', ')]);
  return fields;
}

/** Allow, Supported and User-Agent for a request outside a dialog. */
export function capabilityHeaders(capabilities: UaCapabilities): SipHeaderInit[] {
  return [...allowAndSupported(capabilities), ['User-Agent', capabilities.product]];
}

/**
 * Contact, Allow and Supported for a response that creates or refreshes a dialog (§12.1.1,
 * §13.3.1.4). `contactFeatures` are feature parameters of our Contact (RFC 3840), such as
 * `isfocus` for a conference focus (RFC 4579 §3).
 */
export function dialogResponseHeaders(ctx: UaContext, server: ServerRequest, contactFeatures: readonly string[] = []): SipHeaderInit[] {
  const features = contactFeatures.map((feature) => `;${feature}`).join('');
  return [['Contact', `${ctx.endpoint.contact(server.source.protocol)}${features}`], ...allowAndSupported(ctx.capabilities)];
}

/** §12.1.1: a dialog-creating response copies every Record-Route of the request, in order. */
export function recordRouteCopies(server: ServerRequest): SipHeaderInit[] {
  return server.request.headers.all('Record-Route').map((value): SipHeaderInit => ['Record-Route', value]);
}
