/**
 * The streams between this device and one other, and which of them is *the* connection of the
 * pair. Two devices that dial each other at the same moment make two streams, and a device
 * whose peer restarted may be handed a new stream while it still holds the old one.
 *
 * One device decides: the one whose key is lower (bytewise). It writes a VERDICT first on
 * every stream of the pair (peer-wire.ts); the other device sends nothing on a stream before
 * reading it, so no byte is ever written on a stream that is later thrown away. The decider
 * accepts the first stream that comes up. For a later one it pings the connection it holds:
 * a PONG proves the peer reads that connection (the PONG follows the ACCEPT on it, in order),
 * so the newcomer is a DUPLICATE; no PONG within the probe timeout means the old connection is
 * dead (the peer restarted, say), so it is closed ('replaced') and the newcomer accepted. Both
 * devices therefore always agree, and a connection in use is never dropped for another.
 * In a simultaneous connect the decider's own outgoing stream usually comes up first on its
 * side, so it is usually the one kept — but only the order of arrival at the decider counts.
 */
import type { PeerConnection, PeerConnectionClosed, PeerConnectionControl } from './peer-connection.js';
import { isPeerError, PeerError, short } from './peer-error.js';
import type { Verdict } from './peer-wire.js';

export interface PeerPairHooks {
  /** A stream became the pair's connection. */
  readonly opened: (connection: PeerConnection) => void;
  /** The pair's connection closed. */
  readonly closed: (closed: PeerConnectionClosed) => void;
  /** A stream closed before it was decided: `error` says why, undefined when it lost to the pair's connection. */
  readonly pendingEnded: (error: PeerError | undefined) => void;
}

export class PeerPair {
  readonly key: Buffer;
  readonly hex: string;
  readonly #probeTimeoutMs: number;
  readonly #hooks: PeerPairHooks;
  #current: { readonly connection: PeerConnection; readonly control: PeerConnectionControl } | undefined;
  /** Streams that are up but not decided yet. */
  readonly #pending = new Map<PeerConnection, PeerConnectionControl>();
  /** Deciding device: pending streams in the order they came up, decided one at a time. */
  readonly #queue: PeerConnection[] = [];
  #probing = false;
  #closed = false;

  constructor(key: Buffer, probeTimeoutMs: number, hooks: PeerPairHooks) {
    this.key = key;
    this.hex = key.toString('hex');
    this.#probeTimeoutMs = probeTimeoutMs;
    this.#hooks = hooks;
  }

  /** The pair's open connection, if there is one. */
  get connection(): PeerConnection | undefined {
    return this.#current?.connection;
  }

  /** Whether a stream is up and waiting for its verdict: a connection may be about to open. */
  get deciding(): boolean {
    return this.#pending.size > 0 || this.#probing;
  }

  /** Takes a freshly attached stream of the pair: the decider decides it, the other device waits for the verdict. */
  add(connection: PeerConnection, control: PeerConnectionControl): void {
    if (this.#closed) {
      control.close('connector-closed');
      return;
    }
    this.#pending.set(connection, control);
    connection.on('closed', (closed) => this.#onClosed(closed));
    if (connection.decides) {
      this.#queue.push(connection);
      this.#decideNext();
    }
  }

  /** The other device: the decider's verdict on a pending stream arrived. */
  onVerdict(connection: PeerConnection, verdict: Verdict): void {
    const control = this.#pending.get(connection);
    if (!control) return;
    if (verdict === 'duplicate') {
      control.close('replaced');
      return;
    }
    // The decider found the connection we hold dead (it got no PONG): it takes this one instead.
    this.#current?.control.close('replaced');
    this.#promote(connection, control, 'open');
  }

  /** Closes every stream of the pair, decided or not. */
  close(reason: 'refused' | 'connector-closed'): void {
    if (reason === 'connector-closed') this.#closed = true;
    for (const control of [...this.#pending.values()]) control.close(reason);
    this.#current?.control.close(reason);
  }

  #decideNext(): void {
    if (this.#probing || this.#closed) return;
    const next = this.#queue.shift();
    if (!next) return;
    const control = this.#pending.get(next);
    if (!control || next.state !== 'pending') {
      this.#decideNext();
      return;
    }
    const current = this.#current;
    if (!current) {
      this.#promote(next, control, 'accept');
      this.#decideNext();
      return;
    }
    this.#probing = true;
    current.connection.ping(this.#probeTimeoutMs).then(
      () => this.#decided(next, control, true),
      () => this.#decided(next, control, false),
    );
  }

  #decided(next: PeerConnection, control: PeerConnectionControl, currentAlive: boolean): void {
    this.#probing = false;
    if (this.#closed) return;
    if (next.state === 'pending') {
      if (currentAlive && this.#current) {
        this.#pending.delete(next);
        control.refuseAsDuplicate();
      } else {
        this.#current?.control.close('replaced');
        this.#promote(next, control, 'accept');
      }
    }
    this.#decideNext();
    // A probe that found nothing to decide still leaves the pair settled: let the owner look.
    if (!this.deciding && !this.#current) this.#hooks.pendingEnded(undefined);
  }

  #promote(connection: PeerConnection, control: PeerConnectionControl, how: 'accept' | 'open'): void {
    this.#pending.delete(connection);
    if (how === 'accept') control.accept();
    else control.open();
    if (!connection.isOpen) return;
    this.#current = { connection, control };
    this.#hooks.opened(connection);
  }

  #onClosed(closed: PeerConnectionClosed): void {
    const { connection, reason, error } = closed;
    if (this.#current?.connection === connection) {
      this.#current = undefined;
      this.#hooks.closed(closed);
      return;
    }
    if (!this.#pending.delete(connection)) return;
    const queued = this.#queue.indexOf(connection);
    if (queued >= 0) this.#queue.splice(queued, 1);
    // A duplicate verdict leaves the pair's connection in place (or on its way): nothing failed.
    this.#hooks.pendingEnded(reason === 'replaced' ? undefined : pendingFailure(this.hex, reason, error));
  }
}

/** What a connect waiting on a stream that closed before its verdict learns. */
function pendingFailure(hex: string, reason: PeerConnectionClosed['reason'], error: Error | undefined): PeerError {
  if (isPeerError(error, 'PEER_TIMEOUT')) return error;
  if (reason === 'closed-by-peer') return new PeerError('PEER_REFUSED', `device ${short(hex)} closed the connection before accepting it`);
  if (reason === 'connector-closed') return new PeerError('PEER_CONNECTOR_CLOSED', 'the peer connector closed');
  return new PeerError('PEER_UNREACHABLE', `the connection to device ${short(hex)} failed before it was accepted`, error ? { cause: error } : undefined);
}
