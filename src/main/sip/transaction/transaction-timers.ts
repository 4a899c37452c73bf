import { TransactionError } from './transaction-error.js';

/**
 * Every transaction timer of RFC 3261 §17 (Table 4, §A) and of RFC 6026 (Timers L and M), in one place.
 * Values are milliseconds. Timer C belongs to proxies (§16.6) and has no place here.
 */

/** RTT estimate (§17.1.1.1). "T1 MAY be chosen larger ... in high-latency access networks". */
export const T1 = 500;
/** Maximum retransmit interval for non-INVITE requests and INVITE responses (§17.1.2.2). */
export const T2 = 4_000;
/** Maximum duration a message will remain in the network (§17.1.2.2). */
export const T4 = 5_000;

/** The three base values the other timers derive from; larger T1 suits high-latency links. */
export interface TransactionTimerConfig {
  readonly T1: number;
  readonly T2: number;
  readonly T4: number;
}

export const DEFAULT_TIMER_CONFIG: TransactionTimerConfig = Object.freeze({ T1, T2, T4 });

export type TransactionTimerName = 'A' | 'B' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M';

/** The defaults, with some values replaced; refuses values no timer can run on. */
export function timerConfig(overrides: Partial<TransactionTimerConfig> = {}): TransactionTimerConfig {
  const config = { ...DEFAULT_TIMER_CONFIG, ...overrides };
  for (const name of ['T1', 'T2', 'T4'] as const) {
    if (!Number.isFinite(config[name]) || config[name] <= 0) {
      throw new TransactionError('TRANSACTION_BAD_TIMER_CONFIG', `${name} must be a positive number of milliseconds, not ${config[name]}`);
    }
  }
  if (config.T2 < config.T1) {
    throw new TransactionError('TRANSACTION_BAD_TIMER_CONFIG', `T2 (${config.T2} ms) is a cap on retransmit intervals and cannot be below T1 (${config.T1} ms)`);
  }
  return Object.freeze(config);
}

/** INVITE request retransmit interval, unreliable transports only: initially T1 (§17.1.1.2). */
export const TIMER_A = (c: TransactionTimerConfig): number => c.T1;
/** INVITE transaction timeout: 64*T1 (§17.1.1.2). */
export const TIMER_B = (c: TransactionTimerConfig): number => 64 * c.T1;
/**
 * Wait time for response retransmissions: "at least 32 seconds for unreliable transports, and a
 * value of zero seconds for reliable transports" (§17.1.1.2). It must outlast the server's Timer
 * H (64*T1), so a raised T1 raises it too.
 */
export const TIMER_D = (c: TransactionTimerConfig, reliable: boolean): number => (reliable ? 0 : Math.max(32_000, 64 * c.T1));
/** Non-INVITE request retransmit interval, unreliable transports only: initially T1 (§17.1.2.2). */
export const TIMER_E = (c: TransactionTimerConfig): number => c.T1;
/** Non-INVITE transaction timeout: 64*T1 (§17.1.2.2). */
export const TIMER_F = (c: TransactionTimerConfig): number => 64 * c.T1;
/** INVITE response retransmit interval, unreliable transports only: initially T1 (§17.2.1). */
export const TIMER_G = (c: TransactionTimerConfig): number => c.T1;
/** Wait time for ACK receipt: 64*T1 (§17.2.1). */
export const TIMER_H = (c: TransactionTimerConfig): number => 64 * c.T1;
/** Wait time for ACK retransmissions: T4 for unreliable transports, zero for reliable (§17.2.1). */
export const TIMER_I = (c: TransactionTimerConfig, reliable: boolean): number => (reliable ? 0 : c.T4);
/** Wait time for non-INVITE request retransmissions: 64*T1 unreliable, zero reliable (§17.2.2). */
export const TIMER_J = (c: TransactionTimerConfig, reliable: boolean): number => (reliable ? 0 : 64 * c.T1);
/** Wait time for response retransmissions: T4 unreliable, zero reliable (§17.1.2.2). */
export const TIMER_K = (c: TransactionTimerConfig, reliable: boolean): number => (reliable ? 0 : c.T4);
/** Wait time for retransmissions of an accepted INVITE: 64*T1 (RFC 6026, §17.2.1 as updated). */
export const TIMER_L = (c: TransactionTimerConfig): number => 64 * c.T1;
/** Wait time for retransmissions of 2xx responses: 64*T1 (RFC 6026, §17.1.1.2 as updated). */
export const TIMER_M = (c: TransactionTimerConfig): number => 64 * c.T1;

/** Timer A's next interval: "each retransmission interval doubles" with no cap (§17.1.1.2). */
export function doubled(interval: number): number {
  return 2 * interval;
}

/** Timers E and G's next interval: doubled, but never above T2 (§17.1.2.2, §17.2.1). */
export function doubledUpToT2(interval: number, c: TransactionTimerConfig): number {
  return Math.min(2 * interval, c.T2);
}
