/**
 * The receiving half of the transport layer: what every transport parsed comes here, and goes up
 * to the transaction layer and the UA core only after RFC 3261 §18's checks:
 * - a request gets `received`/`rport` stamped into its top Via (§18.2.1, RFC 3581 §4);
 * - a response whose top Via sent-by is not one of ours is silently discarded (§18.1.2).
 * A listener that throws is counted and the others still run: nothing from above or below may
 * stop the transport from handling the next message.
 */
import { type SipRequest, type SipResponse } from '../message/index.js';
import { type InboundSink } from './inbound-sink.js';
import { replaceTopVia } from './replace-top-via.js';
import { type SentBy, sentByMatches } from './sent-by.js';
import { type Inbound } from './sip-transport.js';
import { stampReceived } from './stamp-received.js';
import { type TransportStats } from './transport-stats.js';

type Listener<M> = (inbound: Inbound<M>) => void;

/** The request with received/rport in its top Via, in the message and in its parsed core. */
function stamped(inbound: Inbound<SipRequest>): Inbound<SipRequest> {
  const top = inbound.core.vias[0];
  const via = top && stampReceived(top, inbound.source);
  if (!via || via === top) return inbound;
  return {
    ...inbound,
    message: { ...inbound.message, headers: replaceTopVia(inbound.message.headers, via) },
    core: { ...inbound.core, vias: [via, ...inbound.core.vias.slice(1)] },
  };
}

export class InboundDispatcher {
  readonly #stats: TransportStats;
  readonly #ownSentBys: () => readonly SentBy[];
  readonly #requestListeners = new Set<Listener<SipRequest>>();
  readonly #responseListeners = new Set<Listener<SipResponse>>();
  #closed = false;

  /** `ownSentBys` lists the sent-by values this layer writes into requests (§18.1.2). */
  constructor(stats: TransportStats, ownSentBys: () => readonly SentBy[]) {
    this.#stats = stats;
    this.#ownSentBys = ownSentBys;
  }

  onRequest(listener: Listener<SipRequest>): () => void {
    this.#requestListeners.add(listener);
    return () => this.#requestListeners.delete(listener);
  }

  onResponse(listener: Listener<SipResponse>): () => void {
    this.#responseListeners.add(listener);
    return () => this.#responseListeners.delete(listener);
  }

  readonly deliver: InboundSink = (inbound) => {
    if (this.#closed) return;
    const { message, core, source, local } = inbound;
    const top = core.vias[0];
    if (!top) return; // the parser guarantees a Via; without one there is nothing to route by
    if (message.kind === 'request') {
      this.#stats.count('requestsReceived');
      this.#emit(this.#requestListeners, stamped({ message, core, source, local }));
      return;
    }
    if (!sentByMatches(top, this.#ownSentBys())) {
      this.#stats.count('droppedSentByMismatch');
      return;
    }
    this.#stats.count('responsesReceived');
    this.#emit(this.#responseListeners, { message, core, source, local });
  };

  close(): void {
    this.#closed = true;
    this.#requestListeners.clear();
    this.#responseListeners.clear();
  }

  #emit<M>(listeners: ReadonlySet<Listener<M>>, inbound: Inbound<M>): void {
    for (const listener of [...listeners]) {
      try {
        listener(inbound);
      } catch {
        this.#stats.count('listenerErrors');
      }
    }
  }
}
