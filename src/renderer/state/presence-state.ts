import type { BuddyPresence, Contact, PresenceStatus } from '../../shared/api-contract.js';
import { addressKey } from '../view/contact-view.js';

export type BuddyStatus = BuddyPresence['status'];

/** What the UI knows of presence: the user's own status and each buddy's, as the core last said. */
export type PresenceState = {
  /** The status the user set (`busy` is do not disturb); null until the core said. */
  own: PresenceStatus | null;
  /** Each buddy's presence by `presenceKey`: a Map, so no address can collide with an object's own keys. */
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

const PARLEY_ADDRESS = /^<?sips?:([^@;?>:]+)@parley\.invalid(?:[:;?>]|$)/i;

/**
 * Which buddy an address names, for presence. A Parley address is its identity key (z-base-32,
 * compared in any case; scheme, parameters and port say nothing about who it is); any other
 * address is its `addressKey` (RFC 3261 §19.1.4).
 */
export function presenceKey(uri: string): string {
  const identity = PARLEY_ADDRESS.exec(uri.trim())?.[1];
  return identity !== undefined ? `parley:${identity.toLowerCase()}` : addressKey(uri);
}

/** A buddy's status; `unknown` for anyone the core has said nothing about yet. */
export function buddyStatus(state: PresenceState, uri: string): BuddyStatus {
  return state.buddies.get(presenceKey(uri))?.status ?? 'unknown';
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
        const key = presenceKey(presence.uri);
        buddies.set(key, newer(buddies.get(key) ?? state.buddies.get(key), presence));
      }
      return { ...state, buddies };
    }
    case 'buddyPresenceChanged': {
      const key = presenceKey(action.presence.uri);
      const known = state.buddies.get(key);
      const kept = newer(known, action.presence);
      if (kept === known) return state;
      return { ...state, buddies: new Map(state.buddies).set(key, kept) };
    }
    case 'ownPresenceChanged':
      return state.own === action.status ? state : { ...state, own: action.status };
    case 'contactsLoaded': {
      const contactKeys = new Set(action.contacts.map((contact) => presenceKey(contact.uri)));
      const removed = state.contactKeys === null ? [] : [...state.contactKeys].filter((key) => !contactKeys.has(key));
      if (removed.length === 0) return { ...state, contactKeys };
      const buddies = new Map(state.buddies);
      for (const key of removed) buddies.delete(key);
      return { ...state, buddies, contactKeys };
    }
  }
}
