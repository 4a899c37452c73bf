/**
 * What the transport layer did with what peers sent, counted by reason: nothing a peer sends may
 * throw or stop the transport, so tests and logs learn from these counters what was answered,
 * ignored or dropped, and why.
 */
export const TRANSPORT_STAT_NAMES = [
  'requestsReceived',
  'responsesReceived',
  /** Requests the parser refused and that were answered at once with 400, 505 or 513 (§8.2, RFC 4475). */
  'rejectedAnswered',
  /** Refused with no answer possible: responses, ACKs, requests without a usable Via, bare garbage. */
  'droppedUnparseable',
  /** Responses whose top Via sent-by is not ours (§18.1.2). */
  'droppedSentByMismatch',
  /** CRLF-only datagrams: keep-alives, ignored. */
  'keepAlivesIgnored',
  /** CRLFCRLF pings on a stream answered with a CRLF pong (RFC 5626 §3.5.1). */
  'pingsAnswered',
  'pongsReceived',
  /** Streams whose framing was lost: closed after the stateless answer, if any (§18.3). */
  'malformedStreamsClosed',
  /** Connections refused or dropped because the connection limit was reached. */
  'connectionsRefused',
  'connectionsIdleClosed',
  /** Dropped by the DatagramLoss test seam. */
  'lostInbound',
  'lostOutbound',
  /** A listener above the transport threw; the transport went on. */
  'listenerErrors',
  /** A stateless answer, a pong or a response that could not be sent. */
  'replyFailures',
  /** A fault inside the transport while handling input (a bug): the input was dropped. */
  'internalErrors',
] as const;

export type TransportStatName = (typeof TRANSPORT_STAT_NAMES)[number];

export type TransportStatsSnapshot = Readonly<Record<TransportStatName, number>>;

export class TransportStats {
  readonly #counts = new Map<TransportStatName, number>();

  count(name: TransportStatName, by = 1): void {
    this.#counts.set(name, this.get(name) + by);
  }

  get(name: TransportStatName): number {
    return this.#counts.get(name) ?? 0;
  }

  snapshot(): TransportStatsSnapshot {
    const out = {} as Record<TransportStatName, number>;
    for (const name of TRANSPORT_STAT_NAMES) out[name] = this.get(name);
    return out;
  }
}
