/**
 * What presence says about someone. One device tells its state in a PIDF document; a buddy
 * with several devices is as available as the most available of them (a phone on the desk
 * "online" and a laptop "away" make the person reachable now), so devices aggregate with
 * online > away > busy > offline (RFC 4479 §3.3 leaves composing to the watcher's policy).
 */

/** One device's state: PIDF `basic` open with no RPID activity, away, busy (do not disturb), or closed. */
export type PresenceState = 'online' | 'away' | 'busy' | 'offline';

/** A buddy's status as the API shows it: `unknown` before the first check and for plain SIP addresses. */
export type BuddyStatus = PresenceState | 'unknown';

const AVAILABILITY: Readonly<Record<PresenceState, number>> = { online: 3, away: 2, busy: 1, offline: 0 };

/** The most available of `states`; `offline` when there are none. */
export function aggregatePresence(states: Iterable<PresenceState>): PresenceState {
  let best: PresenceState = 'offline';
  for (const state of states) if (AVAILABILITY[state] > AVAILABILITY[best]) best = state;
  return best;
}
