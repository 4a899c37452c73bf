/**
 * An artificial one-way delay on everything HyperDHT sends from this process, so a benchmark can
 * count network round trips on loopback (issue 5): with every send held back D ms, a request and
 * its reply cost 2·D, and a setup of k sequential round trips takes k·2·D plus processing. k is
 * then the slope of setup time over 2·D between two delays (`roundTripsBetween`).
 *
 * All HyperDHT traffic leaves through udx-native: DHT RPC and holepunch datagrams through
 * `UDXSocket.send/trySend`, the encrypted connection's bytes through `UDXStream._writev` (and its
 * end through `_final`), its unreliable datagrams (RTP) through `UDXStream.send/trySend`. The seam
 * wraps those six methods on the prototypes shared by every node of the process. udx's own acknowledgements and
 * retransmissions are sent natively and stay undelayed, which does not change a request/response
 * count (a reply is a write, delayed like the request).
 *
 * Benchmarks only: it patches a dependency's prototypes for this process and never runs in src/.
 * `tc qdisc … netem` was the alternative; the kernel here has no netem (checked in a network
 * namespace: "Specified qdisc kind is unknown"), and on loopback it would slow every process of
 * the machine, not only this one.
 */
import { createRequire } from 'node:module';

type Method = (this: UdxHandle, ...args: unknown[]) => unknown;
type WriteCallback = (error: Error | null) => void;

/** What the wrappers read of a udx socket or stream (both are event emitters with these flags). */
interface UdxHandle {
  readonly connected?: boolean;
  readonly destroying?: boolean;
  readonly _closed?: boolean;
}

/** A send waiting for its time (performance.now() ms). */
interface Pending {
  readonly at: number;
  readonly send: () => void;
}

interface Prototype {
  [method: string]: Method | undefined;
}

const require = createRequire(import.meta.url);

function prototypeOf(module: string): Prototype {
  const exported: unknown = require(module);
  if (typeof exported !== 'function') throw new Error(`${module} does not export a class`);
  return (exported as { prototype: Prototype }).prototype;
}

export class DhtDelay {
  #delayMs = 0;
  readonly #queues = new WeakMap<UdxHandle, Pending[]>();
  readonly #restore: Array<() => void> = [];

  private constructor() {}

  /**
   * Wraps udx-native's send methods in this process; `restore()` unwraps them. One at a time:
   * a second install while one is active would delay twice.
   */
  static install(): DhtDelay {
    const seam = new DhtDelay();
    const socket = prototypeOf('udx-native/lib/socket.js');
    const stream = prototypeOf('udx-native/lib/stream.js');
    if (socket['__parleyDelayed'] || stream['__parleyDelayed']) throw new Error('a DhtDelay is installed already');
    seam.#wrap(socket, 'trySend', (original) =>
      function (this: UdxHandle, buffer: unknown, ...rest: unknown[]) {
        // udx keeps a reference to the caller's buffer: send the bytes as they were at the call.
        const copy = Buffer.isBuffer(buffer) ? Buffer.from(buffer) : buffer;
        seam.#later(this, () => original.call(this, copy, ...rest));
      },
    );
    seam.#wrap(socket, 'send', (original) =>
      function (this: UdxHandle, buffer: unknown, ...rest: unknown[]) {
        const copy = Buffer.isBuffer(buffer) ? Buffer.from(buffer) : buffer;
        return new Promise((resolve) => seam.#later(this, () => resolve(original.call(this, copy, ...rest)), () => resolve(false)));
      },
    );
    seam.#wrap(stream, 'trySend', (original) =>
      function (this: UdxHandle, ...args: unknown[]) {
        seam.#later(this, () => original.apply(this, args));
      },
    );
    seam.#wrap(stream, 'send', (original) =>
      function (this: UdxHandle, ...args: unknown[]) {
        return new Promise((resolve) => seam.#later(this, () => resolve(original.apply(this, args)), () => resolve(false)));
      },
    );
    // The connection's bytes travel like a pipe with latency: the write is accepted at once (so
    // a 180 and a 200 written back to back leave together, as on a network) and handed to udx
    // D ms later, after the handle's earlier sends, so bytes and the final FIN keep their order.
    // A stream closed meanwhile is not written to (its native handle may be gone). The cost:
    // udx's backpressure is not seen, which signalling and one RTP stream never reach.
    seam.#wrap(stream, '_writev', (original) =>
      function (this: UdxHandle, ...[buffers, cb]: unknown[]) {
        seam.#later(this, () => {
          if (this.connected && !this.destroying && !this._closed) original.call(this, buffers, () => undefined);
        });
        (cb as WriteCallback)(null);
      },
    );
    seam.#wrap(stream, '_final', (original) =>
      function (this: UdxHandle, ...[cb]: unknown[]) {
        const done = (): void => (cb as WriteCallback)(null);
        seam.#later(
          this,
          () => {
            if (this.connected && !this.destroying && !this._closed) original.call(this, cb);
            else done();
          },
          done,
        );
      },
    );
    socket['__parleyDelayed'] = () => undefined;
    stream['__parleyDelayed'] = () => undefined;
    seam.#restore.push(() => {
      delete socket['__parleyDelayed'];
      delete stream['__parleyDelayed'];
    });
    return seam;
  }

  /** The one-way delay each send waits, in ms (0 = sent at once, as without the seam). */
  get delayMs(): number {
    return this.#delayMs;
  }

  set delayMs(ms: number) {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`a delay of ${ms} ms`);
    this.#delayMs = ms;
  }

  restore(): void {
    for (const undo of this.#restore.splice(0).reverse()) undo();
  }

  /**
   * Runs `send` D ms from now, and never before the earlier sends of the same socket or stream
   * (even when D drops meanwhile). A send that throws (its stream broke while it waited) is lost
   * as a datagram on a network would be; `lost` hears of it.
   */
  #later(handle: UdxHandle, send: () => void, lost: () => void = () => undefined): void {
    const attempt = (): void => {
      try {
        send();
      } catch {
        lost();
      }
    };
    let queue = this.#queues.get(handle);
    if (this.#delayMs === 0 && !queue?.length) return attempt();
    if (!queue) this.#queues.set(handle, (queue = []));
    queue.push({ at: performance.now() + this.#delayMs, send: attempt });
    if (queue.length === 1) this.#drain(queue);
  }

  #drain(queue: Pending[]): void {
    // Timers run on whole milliseconds and may fire a fraction early: a quarter is close enough.
    const now = performance.now();
    while (queue.length > 0 && (queue[0]?.at ?? Infinity) <= now + 0.25) queue.shift()?.send();
    const next = queue[0];
    if (next) setTimeout(() => this.#drain(queue), Math.max(1, Math.ceil(next.at - now)));
  }

  #wrap(prototype: Prototype, name: string, wrapper: (original: Method) => Method): void {
    const original = prototype[name];
    if (typeof original !== 'function') throw new Error(`udx-native has no ${name} to delay (has its API changed?)`);
    prototype[name] = wrapper(original);
    this.#restore.push(() => {
      prototype[name] = original;
    });
  }
}

/**
 * Round trips in a setup measured at two one-way delays: each round trip costs 2·D more, so
 * k = (t₂ − t₁) / (2·(D₂ − D₁)). Processing time cancels out as long as it does not depend on D.
 */
export function roundTripsBetween(low: { delayMs: number; ms: number }, high: { delayMs: number; ms: number }): number {
  return (high.ms - low.ms) / (2 * (high.delayMs - low.delayMs));
}
