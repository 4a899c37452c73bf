/**
 * The UA core's side of the transaction layer (RFC 3261 §17): it owns the TransactionTable,
 * creates a client transaction for each request the core sends and a server transaction for
 * each new request that arrives, matches what comes back (§17.1.3, §17.2.3), finds the INVITE a
 * CANCEL targets (§9.2), and spots merged requests (§8.2.2.2). Transactions leave the table
 * when they terminate.
 */
import type { Clock } from '../../clock.js';
import {
  createAckForNon2xx,
  createResponse,
  type SipCoreHeaders,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  formatVia,
  getTopVia,
  tagOf,
} from '../message/index.js';
import { InviteClientTransaction } from '../transaction/invite-client-transaction.js';
import { InviteServerTransaction } from '../transaction/invite-server-transaction.js';
import { NonInviteClientTransaction } from '../transaction/non-invite-client-transaction.js';
import { NonInviteServerTransaction } from '../transaction/non-invite-server-transaction.js';
import { clientTransactionKey, type ServerMatchKeys } from '../transaction/transaction-key.js';
import { TransactionTable } from '../transaction/transaction-table.js';
import type { TransactionTimerConfig } from '../transaction/transaction-timers.js';
import { type Inbound, isReliable, type SipTransportLayer, type TransportAddress } from '../transport/sip-transport.js';
import { ServerRequest, type ServerRequestDeps } from './server-request.js';
import { SipUaError } from './sip-ua-error.js';

export type ClientFailure = 'timeout' | 'transportError';

export interface ClientCallbacks {
  /** Every response the transaction passes up (§17.1): 1xx, the final one, and for INVITE each 2xx. */
  response(response: SipResponse): void;
  /** Timer B/F fired or the transport failed: §8.1.3.1 treats these as 408 and 503. */
  failed(failure: ClientFailure): void;
}

export interface ClientHandle {
  readonly request: SipRequest;
  readonly destination: TransportAddress;
  /** Forgets the transaction without waiting for it to end (§9.1: no final response 64*T1 after CANCEL). */
  abandon(): void;
}

export type InboundRequestRoute =
  | { readonly kind: 'absorbed' }
  /** An ACK no transaction absorbed: the ACK for a 2xx, which belongs to its dialog (§13.3.1.4). */
  | { readonly kind: 'ack'; readonly inbound: Inbound<SipRequest> }
  | { readonly kind: 'new'; readonly server: ServerRequest };

function statusOf(message: SipMessage): number {
  if (message.kind !== 'response') throw new SipUaError('UA_INVALID_STATE', 'a transaction asked the status of a request');
  return message.status;
}

function asRequest(message: SipMessage): SipRequest {
  if (message.kind !== 'request') throw new SipUaError('UA_INVALID_STATE', 'expected a request');
  return message;
}

function asResponse(message: SipMessage): SipResponse {
  if (message.kind !== 'response') throw new SipUaError('UA_INVALID_STATE', 'expected a response');
  return message;
}

function serverKeys(core: SipCoreHeaders, request: SipRequest): ServerMatchKeys {
  const via = core.vias[0];
  const sentBy = via === undefined ? '' : `${via.host}:${via.port ?? ''}`;
  return {
    branch: via?.branch,
    sentBy,
    method: request.method,
    rfc2543: {
      requestUri: request.requestUri,
      fromTag: tagOf(core.from),
      callId: core.callId,
      cseqNumber: core.cseq.seq,
      topVia: via === undefined ? '' : formatVia(via),
    },
  };
}

/** §8.2.2.2: From tag, Call-ID and CSeq of a request without a To tag. */
function mergeKey(core: SipCoreHeaders): string | undefined {
  if (tagOf(core.to) !== undefined) return undefined;
  return JSON.stringify([tagOf(core.from) ?? '', core.callId, core.cseq.seq, core.cseq.method]);
}

type ClientTransaction = InviteClientTransaction<SipMessage> | NonInviteClientTransaction<SipMessage>;
type AnyServerTransaction = InviteServerTransaction<SipMessage> | NonInviteServerTransaction<SipMessage>;
interface ClientEntry {
  readonly handle: ClientHandle;
  readonly transaction: ClientTransaction;
}
interface ServerEntry {
  readonly server: ServerRequest;
  readonly transaction: AnyServerTransaction;
}

export interface UaTransactionsOptions {
  readonly transport: SipTransportLayer;
  readonly clock: Clock;
  readonly timers: TransactionTimerConfig;
  readonly newTag: () => string;
  readonly log: (line: string) => void;
}

export class UaTransactions {
  readonly #options: UaTransactionsOptions;
  readonly #table = new TransactionTable<ClientEntry, ServerEntry>();
  /** Requests without a To tag whose transactions are still alive, for §8.2.2.2. */
  readonly #ongoing = new Map<string, ServerRequest>();

  constructor(options: UaTransactionsOptions) {
    this.#options = options;
  }

  get clientCount(): number {
    return this.#table.clientCount;
  }

  get serverCount(): number {
    return this.#table.serverCount;
  }

  /** Sends `request` (its top Via carrying a new branch) to `destination` in a new client transaction. */
  startClient(request: SipRequest, destination: TransportAddress, callbacks: ClientCallbacks): ClientHandle {
    const { transport, clock, timers, log } = this.#options;
    const topVia = getTopVia(request);
    const branch = topVia.ok ? (topVia.value.branch ?? '') : '';
    if (branch === '') throw new SipUaError('UA_INVALID_STATE', `${request.method}: the top Via has no branch`);
    const txTransport = { reliable: isReliable(destination.protocol), send: (message: SipMessage) => transport.sendRequest(asRequest(message), destination) };
    const user = {
      receiveResponse: (message: SipMessage) => callbacks.response(asResponse(message)),
      timedOut: () => callbacks.failed('timeout'),
      transportFailed: (error: unknown) => {
        log(`${request.method} to ${destination.host}:${destination.port} failed: ${String(error)}`);
        callbacks.failed('transportError');
      },
    };
    const common = { request, transport: txTransport, clock, statusOf, timers, label: branch, user };
    const transaction: ClientTransaction =
      request.method === 'INVITE'
        ? new InviteClientTransaction<SipMessage>({ ...common, buildAck: (invite, response) => createAckForNon2xx(asRequest(invite), asResponse(response)) })
        : new NonInviteClientTransaction<SipMessage>(common);
    const keys = { branch, method: request.method };
    const handle: ClientHandle = { request, destination, abandon: () => void this.#table.delete(clientTransactionKey(keys)) };
    const key = this.#table.addClient(keys, { handle, transaction });
    transaction.onTerminated(() => this.#table.delete(key));
    log(`${request.method} ${request.requestUri} → ${destination.protocol} ${destination.host}:${destination.port}`);
    transaction.start();
    return handle;
  }

  /** A request outside any transaction: the ACK for a 2xx (§13.2.2.4, §17.1.1.1). */
  sendStateless(request: SipRequest, destination: TransportAddress): void {
    this.#options.transport.sendRequest(request, destination).catch((error: unknown) => this.#options.log(`${request.method} failed: ${String(error)}`));
  }

  /** §17.1.3; a response that matches no transaction is dropped (RFC 6026 updates §18.1.2 so). */
  receiveResponse(inbound: Inbound<SipResponse>): boolean {
    const branch = inbound.core.vias[0]?.branch;
    if (branch === undefined) return false;
    const transaction = this.#table.matchResponse({ branch, method: inbound.core.cseq.method })?.transaction;
    if (!transaction) {
      this.#options.log(`stray ${inbound.message.status} to ${inbound.core.cseq.method} dropped`);
      return false;
    }
    transaction.receiveResponse(inbound.message);
    return true;
  }

  /** §17.2.3: a retransmission or the ACK of a non-2xx is absorbed; anything else is new or a 2xx's ACK. */
  receiveRequest(inbound: Inbound<SipRequest>, deps: ServerRequestDeps): InboundRequestRoute {
    const request = inbound.message;
    const keys = serverKeys(inbound.core, request);
    const transaction = this.#table.matchRequest(keys)?.transaction;
    if (request.method === 'ACK') {
      if (transaction instanceof InviteServerTransaction) {
        const accepted = transaction.state === 'Accepted';
        transaction.receiveAck(request);
        if (!accepted) return { kind: 'absorbed' };
      }
      return { kind: 'ack', inbound };
    }
    if (transaction) {
      transaction.receiveRequest(request);
      return { kind: 'absorbed' };
    }
    return { kind: 'new', server: this.#startServer(inbound, keys, deps) };
  }

  /** §9.2: the INVITE server transaction a CANCEL targets, matched as if the CANCEL were the INVITE. */
  cancelTarget(cancel: ServerRequest): ServerRequest | undefined {
    return this.#table.matchCancelTarget(serverKeys(cancel.core, cancel.request))?.server;
  }

  /** §8.2.2.2: another live transaction already has this request's From tag, Call-ID and CSeq. */
  isMerged(server: ServerRequest): boolean {
    const key = mergeKey(server.core);
    const first = key === undefined ? undefined : this.#ongoing.get(key);
    return first !== undefined && first !== server;
  }

  #startServer(inbound: Inbound<SipRequest>, keys: ServerMatchKeys, deps: ServerRequestDeps): ServerRequest {
    const { clock, timers, newTag, log } = this.#options;
    const server = new ServerRequest(inbound, newTag, deps);
    const txTransport = {
      reliable: isReliable(inbound.source.protocol),
      send: (message: SipMessage) => this.#options.transport.sendResponse(asResponse(message), inbound.source),
    };
    const user = {
      receiveRequest: () => undefined,
      receiveAck: () => undefined,
      timedOut: () => log(`no ACK for the final response to ${server.method} (Timer H)`),
      transportFailed: (error: unknown) => log(`response to ${server.method} failed: ${String(error)}`),
    };
    const common = { request: inbound.message, transport: txTransport, clock, statusOf, timers, user };
    const transaction: AnyServerTransaction =
      inbound.message.method === 'INVITE'
        ? new InviteServerTransaction<SipMessage>({ ...common, buildTrying: (invite) => createResponse(asRequest(invite), 100) })
        : new NonInviteServerTransaction<SipMessage>(common);
    server.attach(transaction);
    const key = this.#table.addServer(keys, { server, transaction });
    const merge = mergeKey(inbound.core);
    if (merge !== undefined && !this.#ongoing.has(merge)) this.#ongoing.set(merge, server);
    transaction.onTerminated(() => {
      this.#table.delete(key);
      if (merge !== undefined && this.#ongoing.get(merge) === server) this.#ongoing.delete(merge);
    });
    transaction.start();
    return server;
  }
}
