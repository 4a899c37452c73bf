import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';

/**
 * An Ed25519 key pair in the layout HyperDHT and libsodium use: `secretKey` is the 32-byte
 * seed followed by the 32-byte public key. Derived with node:crypto so the profile needs no
 * native module; a test checks it matches `HyperDHT.keyPair(seed)` byte for byte.
 */
export interface KeyPair {
  readonly publicKey: Buffer;
  readonly secretKey: Buffer;
}

/** RFC 8410 PKCS#8 prefix for an Ed25519 private key: the 32-byte seed follows. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** RFC 8410 SubjectPublicKeyInfo prefix for an Ed25519 public key. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export const SEED_BYTES = 32;

export function generateSeed(): Buffer {
  return randomBytes(SEED_BYTES);
}

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  if (seed.length !== SEED_BYTES) throw new RangeError('an Ed25519 seed has 32 bytes');
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(spki.length - 32));
  return { publicKey, secretKey: Buffer.concat([Buffer.from(seed), publicKey]) };
}

export function signDetached(message: Uint8Array, keyPair: KeyPair): Buffer {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, keyPair.secretKey.subarray(0, SEED_BYTES)]),
    format: 'der',
    type: 'pkcs8',
  });
  return sign(null, message, privateKey);
}

export function verifyDetached(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' });
  return verify(null, message, key, signature);
}
