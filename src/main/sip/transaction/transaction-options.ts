import type { Clock } from '../../clock.js';
import type { TransactionTimerConfig } from './transaction-timers.js';
import type { TransactionTransport } from './transaction-transport.js';

/** What every transaction adapter is built from, whatever its kind. */
export interface TransactionOptions<M> {
  readonly transport: TransactionTransport<M>;
  readonly clock: Clock;
  /** The status code of a response; supplied by the message layer. */
  readonly statusOf: (response: M) => number;
  /** T1, T2 and T4 where they differ from RFC 3261's defaults (a high-latency link, say). */
  readonly timers?: Partial<TransactionTimerConfig>;
  /** Names the transaction in log lines, e.g. its branch. */
  readonly label?: string;
  /** Receives one line per state change. */
  readonly log?: (line: string) => void;
}
