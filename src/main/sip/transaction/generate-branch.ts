import { randomBytes } from 'node:crypto';

/**
 * The magic cookie that starts every RFC 3261 branch (§8.1.1.7), so that servers know they can
 * match on the branch alone (§17.2.3).
 */
export const MAGIC_COOKIE = 'z9hG4bK';

/**
 * A new branch for a request this UA sends: "unique across space and time for all requests
 * sent by the UA" (§8.1.1.7), hence 128 random bits; hex, so it is a token and stays unique
 * under the case-insensitive comparison of §7.3.1.
 */
export function generateBranch(random: (size: number) => Uint8Array = randomBytes): string {
  return MAGIC_COOKIE + Buffer.from(random(16)).toString('hex');
}
