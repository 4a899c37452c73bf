import { decodeZBase32, encodeZBase32 } from '../identity/z-base-32.js';
import { parseUri } from '../sip/message/index.js';

/**
 * Conference URIs (RFC 4579 §3, DESIGN.md "Conference URI"): `sip:<conference key>@conference.parley.invalid`.
 * Like an address-of-record it is self-certifying: the user part is the public key that signs
 * the conference record in the DHT, and `.invalid` (RFC 6761) never resolves in DNS, so only
 * that record says where the focus is.
 */
export const CONFERENCE_DOMAIN = 'conference.parley.invalid';

const KEY_BYTES = 32;

/** `sip:<conference public key, z-base-32>@conference.parley.invalid`. */
export function conferenceUri(conferenceKey: Uint8Array): string {
  if (conferenceKey.length !== KEY_BYTES) throw new RangeError('a conference key has 32 bytes');
  return `sip:${encodeZBase32(conferenceKey)}@${CONFERENCE_DOMAIN}`;
}

/** The conference key a conference URI names, or null when it is not one (any parameters ignored). */
export function conferenceKeyOf(uri: string): Buffer | null {
  const parsed = parseUri(uri.trim().replace(/^<(.*)>$/, '$1'));
  if (!parsed || parsed.kind !== 'sip' || parsed.host.toLowerCase() !== CONFERENCE_DOMAIN || parsed.user === undefined) return null;
  return conferenceKeyOfUser(parsed.user);
}

/**
 * The key a Request-URI's user part spells, for a plain SIP phone that dials `sip:<key>@HOST:PORT`
 * (it cannot dial the `.invalid` domain without an outbound proxy); null when it spells none.
 */
export function conferenceKeyOfUser(user: string): Buffer | null {
  const key = decodeZBase32(user, KEY_BYTES);
  return key ? Buffer.from(key) : null;
}

/** Whether a URI is a conference URI at all (it may still name a conference nobody hosts). */
export function isConferenceUri(uri: string): boolean {
  return conferenceKeyOf(uri) !== null;
}

/** The host part of a SIP URI, lower-cased: a Parley device's `<key>.parley.invalid` tells a member's devices apart. */
export function uriHost(uri: string): string | undefined {
  return /^sips?:(?:[^@;?]*@)?([^:;?>]+)/i.exec(uri)?.[1]?.toLowerCase();
}
