import type { Contact } from '../../shared/api-contract.js';

/**
 * Which addresses name the same party: the one comparison the buddy list, presence, the caller
 * of a call and the transfer form all use, so a buddy found in one place is found in all.
 */

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
 * since "is this a buddy?" asks who, not how securely.
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
 * else the URI carries (scheme, port, parameters say nothing about who it is); any other
 * address is its normalised URI.
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
