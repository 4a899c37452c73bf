/**
 * A forking proxy for tests (just enough of RFC 3261 §16): an INVITE is forked to every target
 * with the proxy's own Via pushed; responses lose that Via on the way back; every 1xx and 2xx
 * is forwarded (§16.7 step 5: all 2xx go upstream); after the first 2xx the branches still
 * without a final response are CANCELled (§16.7 step 10); non-2xx finals are ACKed hop by hop
 * and forwarded only when no branch succeeded. Without `recordRoute`, ACK and BYE go end to
 * end; with it the proxy puts itself in the route set (§16.6 step 4) and relays the requests
 * that name it in their top Route (loose routing, §16.4), statelessly.
 */
import { createAckForNon2xx, createCancel, formatNameAddr, getRoutes, parseUri, type SipRequest, type SipResponse } from '../../src/main/sip/message/index.js';
import type { Inbound, TransportAddress } from '../../src/main/sip/transport/sip-transport.js';
import type { FakeSipNetwork, FakeTransport } from './sip-ua-network.js';

interface Branch {
  readonly id: string;
  readonly request: SipRequest;
  readonly target: TransportAddress;
  final: number | undefined;
}

export interface ForkingProxyOptions {
  readonly recordRoute?: boolean;
}

export class ForkingProxy {
  readonly transport: FakeTransport;
  readonly cancelled: TransportAddress[] = [];
  /** Methods of the in-dialog requests relayed along the route set. */
  readonly relayed: string[] = [];
  readonly #recordRoute: boolean;
  /** Relayed requests' branches → where their responses go back to. */
  readonly #relays = new Map<string, TransportAddress>();
  readonly #targets: readonly { readonly uri: string; readonly address: TransportAddress }[];
  readonly #branches = new Map<string, Branch>();
  #upstream: TransportAddress | undefined;
  #answered = false;
  #next = 0;

  constructor(net: FakeSipNetwork, host: string, targets: readonly { readonly uri: string; readonly address: TransportAddress }[], options: ForkingProxyOptions = {}) {
    this.transport = net.transport(host);
    this.#targets = targets;
    this.#recordRoute = options.recordRoute ?? false;
    this.transport.onRequest((inbound) => this.#onRequest(inbound));
    this.transport.onResponse((inbound) => this.#onResponse(inbound));
  }

  get #self(): string {
    return `sip:${this.transport.host}:${this.transport.port};transport=tcp;lr`;
  }

  #onRequest(inbound: Inbound<SipRequest>): void {
    const request = inbound.message;
    if (request.headers.has('Route')) return this.#relay(inbound);
    if (request.method !== 'INVITE' || this.#upstream) return;
    this.#upstream = inbound.source;
    const maxForwards = Number(request.headers.first('Max-Forwards') ?? '70') - 1;
    for (const target of this.#targets) {
      const id = `z9hG4bKfork${++this.#next}`;
      let headers = request.headers.prepend('Via', `SIP/2.0/${target.address.protocol} ${this.transport.host}:${this.transport.port};branch=${id}`).set('Max-Forwards', String(maxForwards));
      if (this.#recordRoute) headers = headers.prepend('Record-Route', `<${this.#self}>`);
      const forked: SipRequest = { ...request, requestUri: target.uri, headers };
      this.#branches.set(id, { id, request: forked, target: target.address, final: undefined });
      void this.transport.sendRequest(forked, target.address);
    }
  }

  /** §16.4/§16.12: pop our own Route, forward to the next Route or the Request-URI (IP literals, TCP). */
  #relay(inbound: Inbound<SipRequest>): void {
    const request = inbound.message;
    const routes = getRoutes(request);
    if (!routes.ok) return;
    const [, ...rest] = routes.value;
    const next = rest[0]?.uri ?? parseUri(request.requestUri);
    if (!next || next.kind !== 'sip') return;
    const id = `z9hG4bKrelay${++this.#next}`;
    let headers = request.headers.remove('Route');
    for (const route of [...rest].reverse()) headers = headers.prepend('Route', formatNameAddr(route));
    headers = headers.prepend('Via', `SIP/2.0/TCP ${this.transport.host}:${this.transport.port};branch=${id}`);
    this.#relays.set(id, inbound.source);
    this.relayed.push(request.method);
    void this.transport.sendRequest({ ...request, headers }, { protocol: 'TCP', host: next.host, port: next.port ?? 5060 });
  }

  #onResponse(inbound: Inbound<SipResponse>): void {
    const response = inbound.message;
    const relayTo = this.#relays.get(inbound.core.vias[0]?.branch ?? '');
    if (relayTo) {
      const [, ...vias] = response.headers.all('Via');
      return void this.transport.sendResponse({ ...response, headers: this.#withVias(response, vias) }, relayTo);
    }
    const branch = this.#branches.get(inbound.core.vias[0]?.branch ?? '');
    const upstream = this.#upstream;
    if (!branch || !upstream || inbound.core.cseq.method !== 'INVITE') return;
    const [, ...vias] = response.headers.all('Via');
    const forwarded: SipResponse = { ...response, headers: this.#withVias(response, vias) };
    if (response.status < 200) return void this.transport.sendResponse(forwarded, upstream);
    if (response.status >= 300) {
      void this.transport.sendRequest(createAckForNon2xx(branch.request, response), branch.target);
      if (branch.final !== undefined) return;
      branch.final = response.status;
      if (!this.#answered && [...this.#branches.values()].every((b) => b.final !== undefined)) void this.transport.sendResponse(forwarded, upstream);
      return;
    }
    branch.final ??= response.status;
    void this.transport.sendResponse(forwarded, upstream);
    if (this.#answered) return;
    this.#answered = true;
    for (const other of this.#branches.values()) {
      if (other.final !== undefined) continue;
      this.cancelled.push(other.target);
      void this.transport.sendRequest(createCancel(other.request), other.target);
    }
  }

  #withVias(response: SipResponse, vias: readonly string[]): SipResponse['headers'] {
    let headers = response.headers.remove('Via');
    for (const via of [...vias].reverse()) headers = headers.prepend('Via', via);
    return headers;
  }
}
