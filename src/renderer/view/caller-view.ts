import { DisplayNameSchema, type CallView, type Contact } from '../../shared/api-contract.js';
import { addressKind, type AddressKind } from './call-view.js';

/**
 * The identity key of a Parley address (`sip:<key>@parley.invalid`, DESIGN.md), lower-cased, or
 * null for any other address. The key is z-base-32, which has one case; the lower-casing only
 * forgives a user who typed it in capitals.
 */
export function parleyIdentityKey(uri: string): string | null {
  const match = /^<?sips?:([^@;?>]+)@parley\.invalid(?:[;:?>]|$)/i.exec(uri.trim());
  return match?.[1]?.toLowerCase() ?? null;
}

/** The port a SIP or SIPS URI means when it names none (RFC 3261 §19.1.2). */
const DEFAULT_PORT: Record<string, string> = { sip: '5060', sips: '5061' };

function decodeUser(user: string): string {
  try {
    return decodeURIComponent(user);
  } catch {
    return user; // a stray % is compared as written
  }
}

/**
 * A plain SIP address reduced to what names the party (RFC 3261 §19.1.4): the user part as
 * written (it is case-sensitive, escapes decoded), the host in lower case, the port only when
 * it is not the default, no parameters or headers. SIPS and SIP name the same person here,
 * since "is this caller a buddy?" asks who, not how securely.
 */
export function normalisedSipUri(uri: string): string {
  const bare = uri.trim().replace(/^<|>$/g, '');
  const match = /^(sips?):(?:([^@]*)@)?([^;?]*)/i.exec(bare);
  if (match === null) return bare.toLowerCase();
  const scheme = (match[1] ?? 'sip').toLowerCase();
  const user = match[2] === undefined ? '' : `${decodeUser(match[2])}@`;
  let hostPort = (match[3] ?? '').toLowerCase();
  const defaultPort = DEFAULT_PORT[scheme];
  if (defaultPort !== undefined && hostPort.endsWith(`:${defaultPort}`)) hostPort = hostPort.slice(0, -defaultPort.length - 1);
  return `sip:${user}${hostPort}`;
}

/**
 * What two addresses of the same party share. A Parley address is its identity key, whatever
 * else the URI carries; any other address is its normalised URI.
 */
export function partyKey(uri: string): string {
  const identity = parleyIdentityKey(uri);
  return identity === null ? normalisedSipUri(uri) : `parley:${identity}`;
}

/** The buddy behind an address, if the address is a buddy's. */
export function findBuddy(contacts: readonly Contact[], uri: string): Contact | undefined {
  const key = partyKey(uri);
  return contacts.find((contact) => partyKey(contact.uri) === key);
}

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
