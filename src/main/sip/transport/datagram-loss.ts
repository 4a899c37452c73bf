/**
 * A test seam for packet loss on UDP: drops a share of inbound and/or outbound datagrams, drawn
 * from an injected random source so that a seeded run drops the same datagrams every time. The
 * retransmission tests of the transaction layer and the lossy-call tests use it (issue 3).
 */
export type LossDirection = 'inbound' | 'outbound';

export interface DatagramLossOptions {
  /** The share of datagrams dropped, 0..1. */
  readonly lossRate: number;
  /** Uniform in [0, 1); `seededRandom(seed)` for repeatable runs. */
  readonly random: () => number;
  /** Which way datagrams are dropped; both by default. */
  readonly directions?: readonly LossDirection[];
}

export class DatagramLoss {
  readonly #lossRate: number;
  readonly #random: () => number;
  readonly #directions: ReadonlySet<LossDirection>;

  constructor(options: DatagramLossOptions) {
    if (!(options.lossRate >= 0 && options.lossRate <= 1)) throw new RangeError(`lossRate must be within 0..1, not ${options.lossRate}`);
    this.#lossRate = options.lossRate;
    this.#random = options.random;
    this.#directions = new Set(options.directions ?? ['inbound', 'outbound']);
  }

  /** Decides the fate of one datagram; draws from `random` only for the directions it applies to. */
  drops(direction: LossDirection): boolean {
    return this.#directions.has(direction) && this.#random() < this.#lossRate;
  }
}

export { seededRandom } from '../../seeded-random.js';
