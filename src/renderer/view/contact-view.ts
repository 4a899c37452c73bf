import { DisplayNameSchema, type Contact } from '../../shared/api-contract.js';

/** What a buddy is called in the list: the name the user gave, else the address itself. */
export function contactLabel(contact: Contact): string {
  return contact.displayName.trim() === '' ? contact.uri : contact.displayName;
}

/** The buddies whose name or address contains `query` (any case), sorted by what the list shows. */
export function filterContacts(contacts: readonly Contact[], query: string): Contact[] {
  const needle = query.trim().toLowerCase();
  return contacts
    .filter((contact) => needle === '' || contact.displayName.toLowerCase().includes(needle) || contact.uri.toLowerCase().includes(needle))
    .sort((a, b) => contactLabel(a).localeCompare(contactLabel(b), undefined, { sensitivity: 'base' }) || a.uri.localeCompare(b.uri));
}

export type BuddyNameCheck = { state: 'valid'; displayName: string } | { state: 'invalid'; message: string };

/** A buddy's name is optional; when given it follows the contract's rules for display names. */
export function checkBuddyName(text: string): BuddyNameCheck {
  if (text.trim() === '') return { state: 'valid', displayName: '' };
  const parsed = DisplayNameSchema.safeParse(text);
  if (parsed.success) return { state: 'valid', displayName: parsed.data };
  const first = parsed.error.issues[0]?.message ?? 'not a valid name';
  return { state: 'invalid', message: first.charAt(0).toUpperCase() + first.slice(1) + '.' };
}

/** Two-letter initials for the avatar: from the name's words, else from the address's user part. */
export function contactInitials(contact: Contact): string {
  const words = contact.displayName.trim().split(/\s+/).filter((word) => word !== '');
  if (words.length > 0) return words.slice(0, 2).map((word) => word.charAt(0).toUpperCase()).join('');
  const user = /^sips?:([^@;?]+)/i.exec(contact.uri)?.[1] ?? '?';
  return user.charAt(0).toUpperCase();
}
