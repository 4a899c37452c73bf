/**
 * How long to wait before looking an offline buddy up again: exponential backoff with jitter,
 * so a long buddy list neither hammers the DHT nor re-checks in lockstep after a network
 * outage (DESIGN.md: "Offline buddies are refreshed by lookup with backoff, not by hammering").
 */

export interface BackoffPolicy {
  /** The first wait. */
  readonly firstMs: number;
  /** No wait is longer than this. */
  readonly maxMs: number;
  /** Each wait is shortened by up to this fraction, at random (0 = none). */
  readonly jitter: number;
}

/**
 * 5 s, 10 s, 20 s … up to 5 minutes. A buddy who comes online is seen within one wait (at most
 * 5 minutes, sooner when they subscribe to us first); 500 offline buddies at the cap cost fewer
 * than two lookups a second.
 */
export const PRESENCE_RECHECK_BACKOFF: BackoffPolicy = { firstMs: 5_000, maxMs: 300_000, jitter: 0.25 };

/** The wait before re-check number `attempt` (0 for the first), with `random()` in [0, 1). */
export function backoffDelayMs(attempt: number, random: () => number, policy: BackoffPolicy = PRESENCE_RECHECK_BACKOFF): number {
  const doublings = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const base = Math.min(policy.maxMs, policy.firstMs * 2 ** doublings);
  return Math.round(base * (1 - policy.jitter * Math.min(Math.max(random(), 0), 1)));
}
