/**
 * Requests outside a dialog (RFC 3261 §8.1.1): Request-URI and To from the target, From with
 * our AoR and a fresh tag, a new Call-ID, Max-Forwards 70, and a Via per the transport the
 * destination needs. INVITE, OPTIONS, MESSAGE, SUBSCRIBE and REGISTER all start here.
 */
import {
  createRequest,
  formatUri,
  parseNameAddr,
  type NameAddr,
  type SipHeaderInit,
  type SipRequest,
  type SipUri,
  type Uri,
} from '../message/index.js';
import type { TransportAddress } from '../transport/sip-transport.js';
import { type RequestOutcome, outcomeOfFailure, outcomeOfResponse } from './request-outcome.js';
import { nextHopUri } from './resolve-destination.js';
import { bodyFields, type SipContentInit } from './sip-content.js';
import { SipUaError } from './sip-ua-error.js';
import { capabilityHeaders, type UaContext } from './ua-context.js';
import type { ClientCallbacks, ClientHandle } from './ua-transactions.js';

export interface OutOfDialogInit {
  readonly method: string;
  readonly requestUri: Uri;
  /** To (§8.1.1.2); `<requestUri>` by default. REGISTER puts the AoR here. */
  readonly to?: string;
  /** The AoR in From; the UA's own by default. */
  readonly fromUri?: SipUri;
  readonly fromTag: string;
  readonly callId: string;
  readonly seq: number;
  readonly withContact?: boolean;
  /** Feature parameters of our Contact (RFC 3840): `isfocus` when a conference focus invites (RFC 4579 §3). */
  readonly contactFeatures?: readonly string[];
  /** Adds Allow, Supported and User-Agent (INVITE, SUBSCRIBE, REGISTER, OPTIONS). */
  readonly withCapabilities?: boolean;
  /** A pre-existing route set (an outbound proxy, §8.1.1.1), as Route header values. */
  readonly routes?: readonly string[];
  readonly headers?: readonly SipHeaderInit[];
  readonly content?: SipContentInit;
}

function parseRoutes(routes: readonly string[]): NameAddr[] {
  return routes.map((value) => {
    const address = parseNameAddr(value);
    if (!address) throw new SipUaError('UA_INVALID_URI', `not a Route value: ${JSON.stringify(value)}`);
    return address;
  });
}

/** The destination the request goes to: the one given, else the resolved first Route or Request-URI. */
export function destinationFor(ctx: UaContext, init: Pick<OutOfDialogInit, 'requestUri' | 'routes'>, given?: TransportAddress): TransportAddress {
  if (given !== undefined) return given;
  const hop = nextHopUri(init.requestUri, parseRoutes(init.routes ?? []));
  const destination = ctx.resolve(hop);
  if (destination === undefined) throw new SipUaError('UA_NO_ROUTE', `no transport address for ${formatUri(hop)}`, { status: 503 });
  return destination;
}

export function buildOutOfDialogRequest(ctx: UaContext, init: OutOfDialogInit, destination: TransportAddress): SipRequest {
  const { endpoint } = ctx;
  const headers: SipHeaderInit[] = [
    ['Via', endpoint.via(destination.protocol, endpoint.newBranch())],
    ['Max-Forwards', '70'],
    ['From', endpoint.from(init.fromTag, init.fromUri)],
    ['To', init.to ?? `<${formatUri(init.requestUri)}>`],
    ['Call-ID', init.callId],
    ['CSeq', `${init.seq} ${init.method}`],
    ...(init.routes ?? []).map((route): SipHeaderInit => ['Route', route]),
    ...(init.withContact ? [['Contact', `${endpoint.contact(destination.protocol)}${(init.contactFeatures ?? []).map((feature) => `;${feature}`).join('')}`] as const] : []),
    ...(init.withCapabilities ? capabilityHeaders(ctx.capabilities) : [['User-Agent', ctx.capabilities.product] as const]),
    ...(init.headers ?? []),
  ];
  return createRequest({ method: init.method, requestUri: init.requestUri, headers, ...bodyFields(init.content) });
}

/** Builds and sends; throws UA_NO_ROUTE when there is nowhere to send it. */
export function sendOutOfDialog(ctx: UaContext, init: OutOfDialogInit, callbacks: ClientCallbacks, given?: TransportAddress): { readonly request: SipRequest; readonly handle: ClientHandle } {
  const destination = destinationFor(ctx, init, given);
  const request = buildOutOfDialogRequest(ctx, init, destination);
  return { request, handle: ctx.transactions.startClient(request, destination, callbacks) };
}

/** A non-INVITE request whose final response (or local 408/503) is all the caller wants. */
export function requestOutcome(ctx: UaContext, init: OutOfDialogInit, given?: TransportAddress): Promise<RequestOutcome> {
  return new Promise((resolve) => {
    sendOutOfDialog(
      ctx,
      init,
      {
        response: (response) => {
          if (response.status >= 200) resolve(outcomeOfResponse(response));
        },
        failed: (failure) => resolve(outcomeOfFailure(failure)),
      },
      given,
    );
  });
}
