import type { Contact, PresenceStatus } from '../../shared/api-contract.js';
import type { BuddyStatus } from '../state/presence-state.js';
import type { AddressKind } from './call-view.js';

/** A buddy's presence as the row shows it: the word (shown, and read out) and a longer hint. */
export type BuddyPresenceView = { status: BuddyStatus; label: string; hint: string };

const BUDDY_LABELS: Record<BuddyStatus, string> = {
  online: 'Online',
  away: 'Away',
  busy: 'Do not disturb',
  offline: 'Offline',
  unknown: 'Presence unknown',
};

export function buddyPresenceView(status: BuddyStatus, kind: AddressKind): BuddyPresenceView {
  const label = BUDDY_LABELS[status];
  switch (status) {
    case 'online':
      return { status, label, hint: 'Online: a call rings on their devices.' };
    case 'away':
      return { status, label, hint: 'Away: online, but they may not be at their desk.' };
    case 'busy':
      return { status, label, hint: 'Do not disturb: their devices turn calls away as busy.' };
    case 'offline':
      return { status, label, hint: 'Offline: no device of theirs is on the network now.' };
    case 'unknown':
      return {
        status,
        label,
        hint: kind === 'sip' ? 'Plain SIP addresses do not share presence with Parley.' : 'Not known yet: Parley is still looking for them.',
      };
  }
}

/**
 * The Call button's name and tooltip. Calling is allowed whatever the presence (the buddy may
 * have just come back); the name says what to expect, so it is heard before the call fails.
 */
export function callButtonView(label: string, status: BuddyStatus): { name: string; title: string } {
  switch (status) {
    case 'offline':
      return { name: `Call ${label} (offline)`, title: `${label} is offline: the call tries anyway, and fails if no device of theirs answers.` };
    case 'busy':
      return { name: `Call ${label} (do not disturb)`, title: `${label} set Do not disturb: the call will be turned away as busy.` };
    default:
      return { name: `Call ${label}`, title: `Call ${label}` };
  }
}

/** The user's own choices, in the order the selector lists them; `busy` reads as "Do not disturb". */
export const OWN_STATUS_OPTIONS: ReadonlyArray<{ status: PresenceStatus; label: string }> = [
  { status: 'online', label: 'Online' },
  { status: 'away', label: 'Away' },
  { status: 'busy', label: 'Do not disturb' },
];

export function ownStatusHint(status: PresenceStatus | null): string {
  switch (status) {
    case 'online':
      return 'Your buddies see you online; calls ring.';
    case 'away':
      return 'Your buddies see you away; calls still ring.';
    case 'busy':
      return 'Do not disturb: calls are turned away as busy, and your buddies see it.';
    case null:
      return 'Your status is not known yet.';
  }
}

/**
 * Buddies who can be reached first (online, away, do not disturb), then the others (offline,
 * unknown), each part in the order given. Linphone and MicroSIP put online contacts first too:
 * the people one can call now are what one looks for. Online, away and do not disturb share one
 * part on purpose: those change through the day (an idle timer sets away), and a row that moved
 * at each change would make the list jump; coming online or going offline is rarer and worth it.
 * Plain SIP addresses (always unknown) sit with the offline ones, alphabetically.
 */
export function orderByPresence(contacts: readonly Contact[], statusOf: (uri: string) => BuddyStatus): Contact[] {
  const reachable = (contact: Contact) => {
    const status = statusOf(contact.uri);
    return status === 'online' || status === 'away' || status === 'busy';
  };
  // Array.prototype.sort is stable: the order given is kept inside each part.
  return [...contacts].sort((a, b) => Number(reachable(b)) - Number(reachable(a)));
}

/**
 * `next` in the order of `held` wherever both have the same rows: while the pointer or the
 * keyboard focus is in the list, a presence change must not move the row under it (a click
 * would land on someone else, and a moved element loses the focus). Rows that are new go
 * at the end in their own order; rows that went are left out.
 */
export function keepOrder<T>(held: readonly string[], next: readonly T[], keyOf: (item: T) => string): T[] {
  const position = new Map(held.map((key, index) => [key, index]));
  const kept = next.filter((item) => position.has(keyOf(item)));
  const added = next.filter((item) => !position.has(keyOf(item)));
  kept.sort((a, b) => (position.get(keyOf(a)) ?? 0) - (position.get(keyOf(b)) ?? 0));
  return [...kept, ...added];
}
