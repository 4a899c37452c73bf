import { decodeZBase32, encodeZBase32 } from './z-base-32.js';

/**
 * The host part of every Parley address-of-record. RFC 6761 §6.4 reserves `.invalid`:
 * it never resolves in DNS, so a plain SIP stack cannot route such a URI by accident and
 * only the DHT lookup can (DESIGN.md, "Address-of-record").
 */
export const PARLEY_DOMAIN = 'parley.invalid';

const KEY_BYTES = 32;

/** `sip:<identity public key, z-base-32>@parley.invalid` — self-certifying. */
export function addressOfRecord(identityPublicKey: Uint8Array): string {
  if (identityPublicKey.length !== KEY_BYTES) throw new RangeError('an identity key has 32 bytes');
  return `sip:${encodeZBase32(identityPublicKey)}@${PARLEY_DOMAIN}`;
}

/** The identity key named by a Parley URI, or null when the URI is not a Parley address. */
export function identityKeyOf(uri: string): Uint8Array | null {
  const match = /^sips?:([^@;?]+)@([^;?>]+)/i.exec(uri.trim());
  if (!match || match[2]?.toLowerCase() !== PARLEY_DOMAIN) return null;
  return decodeZBase32(match[1] ?? '', KEY_BYTES);
}
