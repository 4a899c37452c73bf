import { DisplayNameSchema, type CallView, type Contact } from '../../shared/api-contract.js';
import { addressKind, type AddressKind } from './call-view.js';
import { findBuddy } from './party-key.js';

// Moved to party-key.ts; re-exported only until call-panel.tsx and the conference files (other
// helpers' work in progress) import them from there.
export { findBuddy, parleyIdentityKey, partyKey } from './party-key.js';

/**
 * The name the other party gave, fit to show: a valid display name (no control characters,
 * at most 64 characters), else nothing. It is their claim, never proof of who they are.
 */
export function claimedName(remoteDisplayName: string | null): string | null {
  if (remoteDisplayName === null) return null;
  const parsed = DisplayNameSchema.safeParse(remoteDisplayName);
  return parsed.success ? parsed.data : null;
}

/** Who is on the other end of a call, as the UI names them. */
export type CallParty = {
  /** The buddy's name when they are a buddy with a name, else the name they gave, else null. */
  name: string | null;
  /** Whose word the name is: the user's own buddy list, or the other party's claim. */
  nameSource: 'buddy' | 'claimed' | null;
  uri: string;
  kind: AddressKind;
  buddy: Contact | null;
};

export function callParty(view: Pick<CallView, 'remoteUri' | 'remoteDisplayName'>, contacts: readonly Contact[]): CallParty {
  const buddy = findBuddy(contacts, view.remoteUri) ?? null;
  const buddyName = buddy !== null && buddy.displayName.trim() !== '' ? buddy.displayName : null;
  const claimed = buddyName === null ? claimedName(view.remoteDisplayName) : null;
  return {
    name: buddyName ?? claimed,
    nameSource: buddyName !== null ? 'buddy' : claimed !== null ? 'claimed' : null,
    uri: view.remoteUri,
    kind: addressKind(view.remoteUri),
    buddy,
  };
}

/** The party in a sentence: their name, else their address. */
export function partyLabel(party: CallParty): string {
  return party.name ?? party.uri;
}
