import { createHash } from 'node:crypto';
import type { Contact } from '../../shared/api-contract.js';
import type { ContactListSnapshot } from '../p2p/contact-list-record.js';
import { sameContact } from './node-contacts.js';

/**
 * Where this device and the identity's backup last agreed: the snapshot it published or took
 * over, and what its own list was then. Null on a device that never synced (fresh, or just given
 * the identity with `parley identity import`).
 */
export interface SyncPoint {
  readonly savedAt: number;
  /** contactListDigest of the local list at that moment. */
  readonly digest: string;
}

export interface MergeDecision {
  /** The local list to save, or 'unchanged'. */
  readonly next: Contact[] | 'unchanged';
  /** Whether the (merged) local list must be published as a new snapshot. */
  readonly publish: boolean;
  /** Why, in a few words, for the log and the tests. */
  readonly outcome: 'restored' | 'merged' | 'local-newer' | 'in-step' | 'backup-missing' | 'nothing-to-back-up';
}

/** A digest of the list as the user sees it (order, names, dates): tells "changed since the sync point". */
export function contactListDigest(contacts: readonly Contact[]): string {
  return createHash('sha256')
    .update(JSON.stringify(contacts.map((contact) => [contact.uri, contact.displayName, contact.addedAt])))
    .digest('hex');
}

/** Whether the local list holds something the backup may not: a change since the sync point. */
export function changedSince(local: readonly Contact[], sync: SyncPoint | null): boolean {
  return sync === null ? local.length > 0 : contactListDigest(local) !== sync.digest;
}

/**
 * What to make of the backup (`remote`, null when the DHT has none) and the local list. Kept
 * simple on purpose, one snapshot against one sync point:
 *
 * - The backup is not newer than the sync point: it holds nothing new; publish the local list
 *   if it changed since (or if the DHT holds an older snapshot than the one we agreed on).
 * - The backup is newer and the local list did not change since the sync point: the backup
 *   wins whole, removals included — a contact removed on another device goes here too.
 * - Both changed (or this device never synced and already has contacts): the union, by
 *   identity; for a contact on both sides this device's entry stays. A removal on either side
 *   is undone rather than a contact lost; the union is then published.
 */
export function mergeContactLists(local: readonly Contact[], remote: ContactListSnapshot | null, sync: SyncPoint | null): MergeDecision {
  const localDigest = contactListDigest(local);
  const changedHere = changedSince(local, sync);
  if (remote === null) {
    // Nothing stored (never published, or every record expired): store what we have.
    if (sync === null && local.length === 0) return { next: 'unchanged', publish: false, outcome: 'nothing-to-back-up' };
    return { next: 'unchanged', publish: true, outcome: 'backup-missing' };
  }
  const remoteContacts = remote.contacts.map((contact) => ({ ...contact }));
  if (sync !== null && remote.savedAt <= sync.savedAt) {
    const publish = changedHere || remote.savedAt < sync.savedAt;
    return { next: 'unchanged', publish, outcome: publish ? 'local-newer' : 'in-step' };
  }
  if (!changedHere) {
    const same = contactListDigest(remoteContacts) === localDigest;
    return { next: same ? 'unchanged' : remoteContacts, publish: false, outcome: 'restored' };
  }
  const union = [...remoteContacts];
  for (const contact of local) {
    const index = union.findIndex((entry) => sameContact(entry.uri, contact.uri));
    if (index < 0) union.push({ ...contact });
    else union[index] = { ...contact };
  }
  const unionDigest = contactListDigest(union);
  return {
    next: unionDigest === localDigest ? 'unchanged' : union,
    publish: unionDigest !== contactListDigest(remoteContacts),
    outcome: 'merged',
  };
}
