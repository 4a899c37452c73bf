import type { BuddyPresence, Contact, PresenceStatus } from '../../shared/api-contract.js';
import { partyKey } from '../view/party-key.js';

export type BuddyStatus = BuddyPresence['status'];

/** What the UI knows of presence: the user's own status and each buddy's, as the core last said. */
export type PresenceState = {
  /** The status the user set (`busy` is do not disturb); null until the core said. */
  own: PresenceStatus | null;
  /** Each buddy's presence by `partyKey`: a Map, so no address can collide with an object's own keys. */
  buddies: ReadonlyMap<string, BuddyPresence>;
  /**
   * The keys of the contact list last seen (null before the first). A buddy is dropped only when
   * it leaves that list: presence that arrives just before the list that adds its buddy is kept.
   */
  contactKeys: ReadonlySet<string> | null;
};

export type PresenceAction =
  /** `listPresence` answered: every buddy's presence at once. */
  | { type: 'buddyPresenceListed'; presence: readonly BuddyPresence[] }
  | { type: 'buddyPresenceChanged'; presence: BuddyPresence }
  /** The user's own status, from `getPresence`, `setPresence` or `presenceChanged` (another window). */
  | { type: 'ownPresenceChanged'; status: PresenceStatus }
  /** The contact list as the core keeps it now (loaded, changed here or in another window, restored from the DHT). */
  | { type: 'contactsLoaded'; contacts: readonly Contact[] };

export function initialPresenceState(): PresenceState {
  return { own: null, buddies: new Map(), contactKeys: null };
}

/** A buddy's status; `unknown` for anyone the core has said nothing about yet. */
export function buddyStatus(state: PresenceState, uri: string): BuddyStatus {
  return state.buddies.get(partyKey(uri))?.status ?? 'unknown';
}

/** Keeps `next` unless what is known is newer: events and a listing in flight may cross. */
function newer(known: BuddyPresence | undefined, next: BuddyPresence): BuddyPresence {
  return known !== undefined && known.since > next.since ? known : next;
}

/** Pure: the presence state after one action. */
export function reducePresenceState(state: PresenceState, action: PresenceAction): PresenceState {
  switch (action.type) {
    case 'buddyPresenceListed': {
      // The listing is the core's whole truth (after a reconnect the core may have restarted):
      // buddies it leaves out go back to unknown. Only an entry newer than the listed one stays.
      const buddies = new Map<string, BuddyPresence>();
      for (const presence of action.presence) {
        const key = partyKey(presence.uri);
        buddies.set(key, newer(buddies.get(key) ?? state.buddies.get(key), presence));
      }
      return { ...state, buddies };
    }
    case 'buddyPresenceChanged': {
      const key = partyKey(action.presence.uri);
      const known = state.buddies.get(key);
      const kept = newer(known, action.presence);
      if (kept === known) return state;
      return { ...state, buddies: new Map(state.buddies).set(key, kept) };
    }
    case 'ownPresenceChanged':
      return state.own === action.status ? state : { ...state, own: action.status };
    case 'contactsLoaded': {
      const contactKeys = new Set(action.contacts.map((contact) => partyKey(contact.uri)));
      const removed = state.contactKeys === null ? [] : [...state.contactKeys].filter((key) => !contactKeys.has(key));
      if (removed.length === 0) return { ...state, contactKeys };
      const buddies = new Map(state.buddies);
      for (const key of removed) buddies.delete(key);
      return { ...state, buddies, contactKeys };
    }
  }
}
