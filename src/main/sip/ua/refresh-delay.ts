/**
 * When to refresh something that expires (a registration, §10.2.4; a subscription, RFC 6665
 * §4.1.2.2): early enough that the refresh can time out once (a non-INVITE transaction gives up
 * after 64*T1, 32 s by default) and still be retried before the old grant runs out. Short grants
 * refresh halfway.
 */
export function refreshDelayMs(expiresSeconds: number, T1: number): number {
  const expiresMs = expiresSeconds * 1000;
  return Math.max(0, expiresMs - Math.min(64 * T1, expiresMs / 2));
}
