/**
 * Hops of HyperDHT queries, which dht-rpc does not report: a query starts from nodes it already
 * knows (its routing table, hop 1) and asks each replying node for closer ones; a node first
 * named by a hop-h reply is at hop h + 1. Tracing wraps one node's `query()` (lookup, findPeer,
 * mutableGet, announce… all go through it) and the query's reply callback, for benchmarks only.
 */
import type HyperDHT from 'hyperdht';

/** hyperdht/lib/constants.js COMMANDS. */
const COMMAND_NAMES: Record<number, string> = {
  0: 'PEER_HANDSHAKE',
  1: 'PEER_HOLEPUNCH',
  2: 'FIND_PEER',
  3: 'LOOKUP',
  4: 'ANNOUNCE',
  5: 'UNANNOUNCE',
  6: 'MUTABLE_PUT',
  7: 'MUTABLE_GET',
  8: 'IMMUTABLE_PUT',
  9: 'IMMUTABLE_GET',
  10: 'PLUGIN',
};

export interface QueryTrace {
  readonly command: string;
  /** performance.now() when the query was made, and when it closed (null while it runs). */
  readonly startedAt: number;
  endedAt: number | null;
  /** Replies received (error replies included). */
  replies: number;
  /** The deepest hop that replied: how far the query went before it converged. */
  maxHop: number;
  /** The hop of the first reply carrying a value (announced peers, a record), null when none did. */
  firstValueHop: number | null;
  /** ms from the start to that reply. */
  firstValueMs: number | null;
  /** Replies that carried a value. */
  valueReplies: number;
}

interface RawNode {
  host: string;
  port: number;
}

interface RawReply {
  error: number;
  value: Buffer | null;
  closerNodes: RawNode[] | null;
}

interface RawRequest {
  to: RawNode;
}

interface TraceableQuery {
  _onvisitbound: (reply: RawReply, request: RawRequest) => void;
  once(event: 'close', listener: () => void): unknown;
}

type QueryMethod = (request: { target: Buffer; command: number; value: Buffer | null }, options?: unknown) => TraceableQuery;

/** Calls `onQuery` with the trace of every query `dht` makes from now on; returns the undo. */
export function traceQueries(dht: HyperDHT, onQuery: (trace: QueryTrace) => void): () => void {
  const node = dht as unknown as { query: QueryMethod };
  const original = node.query;
  node.query = function (this: unknown, request, options) {
    const query = original.call(this, request, options);
    const trace: QueryTrace = {
      command: COMMAND_NAMES[request.command] ?? `command ${request.command}`,
      startedAt: performance.now(),
      endedAt: null,
      replies: 0,
      maxHop: 0,
      firstValueHop: null,
      firstValueMs: null,
      valueReplies: 0,
    };
    const hops = new Map<string, number>();
    const visit = query._onvisitbound;
    // The query sends nothing before it is read, so wrapping here sees every reply.
    query._onvisitbound = (reply, asked) => {
      const hop = hops.get(`${asked.to.host}:${asked.to.port}`) ?? 1;
      trace.replies++;
      trace.maxHop = Math.max(trace.maxHop, hop);
      if (reply.error === 0 && reply.value !== null) {
        trace.valueReplies++;
        if (trace.firstValueHop === null) {
          trace.firstValueHop = hop;
          trace.firstValueMs = performance.now() - trace.startedAt;
        }
      }
      for (const closer of reply.closerNodes ?? []) {
        const address = `${closer.host}:${closer.port}`;
        hops.set(address, Math.min(hops.get(address) ?? Infinity, hop + 1));
      }
      visit(reply, asked);
    };
    query.once('close', () => (trace.endedAt = performance.now()));
    onQuery(trace);
    return query;
  };
  return () => {
    node.query = original;
  };
}
