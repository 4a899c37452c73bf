import type { Contact } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import { identityKeyOf } from '../identity/address-of-record.js';
import type { Profile } from '../profile/profile.js';
import type { BuddyFirewall } from './buddy-firewall.js';

type ContactCommands = Pick<CommandHandlers, 'listContacts' | 'addContact' | 'removeContact' | 'getPrivacy' | 'setPrivacy' | 'getPresence' | 'setPresence'>;

/** Two URIs name the same contact: the same identity for Parley addresses, else the same text. */
function sameContact(a: string, b: string): boolean {
  const [keyA, keyB] = [identityKeyOf(a), identityKeyOf(b)];
  if (keyA && keyB) return Buffer.from(keyA).equals(Buffer.from(keyB));
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The contact list, the user's own status and the buddies-only setting, as the typed API shows them. */
export function contactCommands(profile: Profile, firewall: BuddyFirewall): ContactCommands {
  const list = (): Contact[] => profile.contacts.contacts.map((contact) => ({ ...contact }));
  const changed = async (contacts: Contact[]): Promise<Contact[]> => {
    await profile.updateContacts(contacts);
    // The firewall learns the new buddy's devices before the next call can arrive.
    await firewall.refresh();
    return list();
  };
  return {
    listContacts: list,
    addContact: ({ uri, displayName }) => {
      const existing = profile.contacts.contacts.find((contact) => sameContact(contact.uri, uri));
      const name = displayName ?? existing?.displayName ?? '';
      if (existing) return changed(profile.contacts.contacts.map((contact) => (contact === existing ? { ...contact, displayName: name } : contact)));
      return changed([...profile.contacts.contacts, { uri, displayName: name, addedAt: new Date().toISOString() }]);
    },
    removeContact: ({ uri }) => changed(profile.contacts.contacts.filter((contact) => !sameContact(contact.uri, uri))),
    getPresence: () => ({ status: profile.settings.presence ?? 'online' }),
    setPresence: async ({ status }) => {
      await profile.updateSettings({ presence: status });
      return { status };
    },
    getPrivacy: () => ({ buddiesOnly: profile.settings.buddiesOnly ?? false }),
    setPrivacy: async ({ buddiesOnly }) => {
      await profile.updateSettings({ buddiesOnly });
      await firewall.refresh();
      return { buddiesOnly };
    },
  };
}
