import type { Contact } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import { identityKeyOf } from '../identity/address-of-record.js';
import { parseUri } from '../sip/message/index.js';
import type { Profile } from '../profile/profile.js';
import type { BuddyFirewall } from './buddy-firewall.js';

type ContactCommands = Pick<CommandHandlers, 'listContacts' | 'addContact' | 'removeContact' | 'getPrivacy' | 'setPrivacy'>;

/** The port a SIP or SIPS URI means when it names none (RFC 3261 §19.1.2). */
const DEFAULT_PORT = { sip: 5060, sips: 5061 } as const;

/**
 * What names the party behind an address: a Parley address is its identity key, whatever else
 * the URI carries; a plain SIP address is its user part (case-sensitive, escapes decoded), host
 * (case-insensitive) and port unless the default (RFC 3261 §19.1.4), with SIP and SIPS alike;
 * anything unparsable is its trimmed text. The UI compares buddies the same way
 * (src/renderer/view/party-key.ts), so the core and the page agree on who is a buddy.
 */
export function partyKey(uri: string): string {
  const identity = identityKeyOf(uri);
  if (identity) return `parley:${Buffer.from(identity).toString('hex')}`;
  const parsed = parseUri(uri.trim().replace(/^<|>$/g, ''));
  if (parsed?.kind !== 'sip') return uri.trim();
  const port = parsed.port === undefined || parsed.port === DEFAULT_PORT[parsed.scheme] ? '' : `:${parsed.port}`;
  return `sip:${parsed.user === undefined ? '' : `${parsed.user}@`}${parsed.host.toLowerCase()}${port}`;
}

/** Two URIs name the same contact (see partyKey). */
export function sameContact(a: string, b: string): boolean {
  return partyKey(a) === partyKey(b);
}

/** Who changed the list: the user on this device, or the restore from the identity's copy in the DHT. */
export type ContactChangeOrigin = 'local' | 'restored';

/** What a change makes of the current list; 'unchanged' saves and announces nothing. */
export type ContactChange = (current: readonly Contact[]) => Contact[] | 'unchanged';

/**
 * The profile's contact list with one way in: changes run one at a time against the list as the
 * previous change left it (two quick adds, or an add during a restore, never lose each other),
 * and each is saved, announced (`contactsChanged`, the whole list) and given to the firewall.
 */
export class NodeContacts {
  readonly #profile: Profile;
  readonly #firewall: Pick<BuddyFirewall, 'refresh'>;
  readonly #announce: (contacts: Contact[]) => void;
  readonly #localListeners = new Set<() => void>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(profile: Profile, firewall: Pick<BuddyFirewall, 'refresh'>, announce: (contacts: Contact[]) => void) {
    this.#profile = profile;
    this.#firewall = firewall;
    this.#announce = announce;
  }

  list(): Contact[] {
    return this.#profile.contacts.contacts.map((contact) => ({ ...contact }));
  }

  /** Applies `change` after the changes before it; resolves with the list it left. */
  change(change: ContactChange, origin: ContactChangeOrigin): Promise<Contact[]> {
    const run = this.#queue.then(async () => {
      const next = change(this.list());
      if (next === 'unchanged') return this.list();
      await this.#profile.updateContacts(next);
      const saved = this.list();
      this.#announce(saved);
      if (origin === 'local') for (const listener of this.#localListeners) listener();
      // The firewall learns the new buddy's devices before the next call can arrive.
      await this.#firewall.refresh();
      return saved;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Called after every change the user made on this device (the backup publishes it). */
  onChangedLocally(listener: () => void): () => void {
    this.#localListeners.add(listener);
    return () => this.#localListeners.delete(listener);
  }
}

/** The contact list, the user's own status and the buddies-only setting, as the typed API shows them. */
export function contactCommands(profile: Profile, firewall: BuddyFirewall, contacts: NodeContacts): ContactCommands {
  return {
    listContacts: () => contacts.list(),
    addContact: ({ uri, displayName }) =>
      contacts.change((current) => {
        const existing = current.find((contact) => sameContact(contact.uri, uri));
        const name = displayName ?? existing?.displayName ?? '';
        if (existing) return existing.displayName === name ? 'unchanged' : current.map((contact) => (contact === existing ? { ...contact, displayName: name } : contact));
        return [...current, { uri, displayName: name, addedAt: new Date().toISOString() }];
      }, 'local'),
    removeContact: ({ uri }) =>
      contacts.change((current) => {
        const kept = current.filter((contact) => !sameContact(contact.uri, uri));
        return kept.length === current.length ? 'unchanged' : kept;
      }, 'local'),
    getPrivacy: () => ({ buddiesOnly: profile.settings.buddiesOnly ?? false }),
    setPrivacy: async ({ buddiesOnly }) => {
      await profile.updateSettings({ buddiesOnly });
      await firewall.refresh();
      return { buddiesOnly };
    },
  };
}
