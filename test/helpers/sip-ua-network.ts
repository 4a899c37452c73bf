/**
 * An in-memory network for UA cores: each node is a SipTransportLayer at an address; every
 * message is serialized and parsed again on the way (so a message the parser would refuse fails
 * the test), delivered after a latency on the FakeClock, and — on UDP only — dropped with a
 * seeded probability or on request. Nothing here touches a socket.
 */
import { parseSipMessage, serializeSipMessage, type SipMessage, type SipRequest, type SipResponse } from '../../src/main/sip/message/index.js';
import type { Inbound, SipTransportLayer, TransportAddress, TransportProtocol } from '../../src/main/sip/transport/sip-transport.js';
import type { FakeClock } from './fake-clock.js';
import { seededRandom } from '../../src/main/seeded-random.js';

export { seededRandom };

/** Random bytes from a seeded PRNG, for UA cores whose tags and branches must repeat run to run. */
export function seededBytes(seed: number): (size: number) => Uint8Array {
  const next = seededRandom(seed);
  return (size) => Uint8Array.from({ length: size }, () => Math.floor(next() * 256));
}

export interface WireRecord {
  readonly at: number;
  readonly from: TransportAddress;
  readonly to: TransportAddress;
  /** `INVITE`, `ACK`, `200 INVITE` (status and CSeq method) ... */
  readonly label: string;
  readonly message: SipMessage;
  readonly dropped: boolean;
}

export interface FakeSipNetworkOptions {
  readonly clock: FakeClock;
  /** One-way delay of every message; 1 ms by default. */
  readonly latencyMs?: number;
  /** Share of UDP messages lost, 0..1. */
  readonly loss?: number;
  readonly seed?: number;
}

export function labelOf(message: SipMessage): string {
  const cseq = message.headers.first('CSeq')?.split(/\s+/)[1] ?? '?';
  return message.kind === 'request' ? message.method : `${message.status} ${cseq}`;
}

const key = (protocol: TransportProtocol, host: string, port: number): string => `${protocol}|${host}|${port}`;

export class FakeSipNetwork {
  readonly wire: WireRecord[] = [];
  readonly #options: FakeSipNetworkOptions;
  readonly #random: () => number;
  readonly #nodes = new Map<string, FakeTransport>();
  readonly #dropRules: ((record: Omit<WireRecord, 'dropped'>) => boolean)[] = [];

  constructor(options: FakeSipNetworkOptions) {
    this.#options = options;
    this.#random = seededRandom(options.seed ?? 1);
  }

  /** A node listening on `host:port` over UDP and TCP. */
  transport(host: string, port = 5060): FakeTransport {
    const node = new FakeTransport(this, host, port);
    for (const protocol of ['UDP', 'TCP'] as const) this.#nodes.set(key(protocol, host, port), node);
    return node;
  }

  /** Drops the next message for which `predicate` holds (once), whatever the transport. */
  dropNext(predicate: (record: Omit<WireRecord, 'dropped'>) => boolean): void {
    let used = false;
    this.#dropRules.push((record) => {
      if (used || !predicate(record)) return false;
      used = true;
      return true;
    });
  }

  /** Drops every message for which `predicate` holds. */
  dropAll(predicate: (record: Omit<WireRecord, 'dropped'>) => boolean): void {
    this.#dropRules.push(predicate);
  }

  /** The labels sent from `host` (or all), in order, e.g. ['INVITE', '100 INVITE', ...]. */
  labels(filter: { from?: string; to?: string; delivered?: boolean } = {}): string[] {
    return this.wire
      .filter((r) => (filter.from === undefined || r.from.host === filter.from) && (filter.to === undefined || r.to.host === filter.to) && (filter.delivered !== true || !r.dropped))
      .map((r) => r.label);
  }

  count(label: string, filter: { from?: string; to?: string } = {}): number {
    return this.labels(filter).filter((l) => l === label).length;
  }

  /** Carries `message` from `from` to `to`; false when nobody listens there (a refused TCP connect). */
  send(message: SipMessage, from: TransportAddress, to: TransportAddress): boolean {
    const node = this.#nodes.get(key(to.protocol, to.host, to.port));
    const bytes = serializeSipMessage(message);
    const parsed = parseSipMessage(bytes);
    if (!parsed.ok) throw new Error(`the network got a message its parser refuses (${parsed.error.code}: ${parsed.error.reason}):\n${bytes.toString('utf8')}`);
    const base = { at: this.#options.clock.now(), from, to, label: labelOf(message), message: parsed.message };
    const ruled = this.#dropRules.some((rule) => rule(base));
    const lost = to.protocol === 'UDP' && this.#random() < (this.#options.loss ?? 0);
    const dropped = ruled || lost || node === undefined;
    this.wire.push({ ...base, dropped });
    if (!node) return to.protocol === 'UDP';
    if (dropped) return true;
    const inbound = { message: parsed.message, core: parsed.core, source: from, local: { protocol: to.protocol, host: to.host, port: to.port } };
    this.#options.clock.setTimer(this.#options.latencyMs ?? 1, () => node.deliver(inbound));
    return true;
  }
}

export class FakeTransport implements SipTransportLayer {
  readonly host: string;
  readonly port: number;
  readonly #network: FakeSipNetwork;
  readonly #requestListeners = new Set<(inbound: Inbound<SipRequest>) => void>();
  readonly #responseListeners = new Set<(inbound: Inbound<SipResponse>) => void>();
  #closed = false;

  constructor(network: FakeSipNetwork, host: string, port: number) {
    this.#network = network;
    this.host = host;
    this.port = port;
  }

  address(protocol: TransportProtocol): TransportAddress {
    return { protocol, host: this.host, port: this.port };
  }

  localAddress(protocol: TransportProtocol): TransportAddress | undefined {
    return protocol === 'PARLEY' ? undefined : this.address(protocol);
  }

  sendRequest(request: SipRequest, destination: TransportAddress): Promise<void> {
    return this.#send(request, destination);
  }

  /** Responses go back to where the request came from (the fake has no NAT to learn rport from). */
  sendResponse(response: SipResponse, requestSource: TransportAddress): Promise<void> {
    return this.#send(response, requestSource);
  }

  onRequest(listener: (inbound: Inbound<SipRequest>) => void): () => void {
    this.#requestListeners.add(listener);
    return () => this.#requestListeners.delete(listener);
  }

  onResponse(listener: (inbound: Inbound<SipResponse>) => void): () => void {
    this.#responseListeners.add(listener);
    return () => this.#responseListeners.delete(listener);
  }

  close(): Promise<void> {
    this.#closed = true;
    return Promise.resolve();
  }

  deliver(inbound: Inbound<SipMessage>): void {
    if (this.#closed) return;
    const { message } = inbound;
    if (message.kind === 'request') for (const listener of this.#requestListeners) listener({ ...inbound, message });
    else for (const listener of this.#responseListeners) listener({ ...inbound, message });
  }

  #send(message: SipMessage, to: TransportAddress): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('transport closed'));
    const delivered = this.#network.send(message, this.address(to.protocol), to);
    return delivered ? Promise.resolve() : Promise.reject(new Error(`ECONNREFUSED ${to.host}:${to.port}`));
  }
}
