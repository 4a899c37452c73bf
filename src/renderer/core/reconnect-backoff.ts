/** First retry after the link to the core is lost; each failed attempt doubles it up to the cap. */
export const RECONNECT_INITIAL_DELAY_MS = 250;
/** Often enough that a restarted `parley serve` is found quickly, rarely enough to be idle. */
export const RECONNECT_MAX_DELAY_MS = 5_000;

/** Delay before reconnect attempt number `attempt` (0 = the first retry after a loss). */
export function reconnectBackoff(attempt: number): number {
  const exponent = Number.isFinite(attempt) ? Math.max(0, Math.floor(attempt)) : 0;
  return Math.min(RECONNECT_MAX_DELAY_MS, RECONNECT_INITIAL_DELAY_MS * 2 ** exponent);
}
