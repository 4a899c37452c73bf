import { createHash } from 'node:crypto';

/**
 * The DHT topic on which every online device of an identity announces itself (the REGISTER of
 * DESIGN.md): SHA-256("parley/devices/v1\0" ‖ identity public key).
 *
 * Why not the bare key or BLAKE2b(key): HyperDHT already uses BLAKE2b-256(publicKey) as the
 * target of that key's mutable record and of a server's self-announcement, so hashing the key the
 * same way would put our announcements on the identity's own record and `findPeer` target. The
 * domain-separated string keeps the topic apart from those and from any other hash Parley makes
 * of the key later (bump the version to move every device to a new topic). SHA-256 because
 * node:crypto has it without a native sodium binding; anyone who knows the address can compute
 * the topic, which is the point — it is as public as the address.
 */
const DOMAIN = Buffer.from('parley/devices/v1\0', 'utf8');

export function deviceTopic(identityPublicKey: Uint8Array): Buffer {
  if (identityPublicKey.length !== 32) throw new RangeError('an identity key has 32 bytes');
  return createHash('sha256').update(DOMAIN).update(identityPublicKey).digest();
}
