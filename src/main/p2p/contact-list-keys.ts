import { createHmac } from 'node:crypto';
import { keyPairFromSeed, SEED_BYTES, type KeyPair } from '../identity/identity-key-pair.js';

/**
 * The keys of the contact list backup, derived from the identity seed so that every device of
 * the identity (and nobody else) holds them. HMAC-SHA256 keyed with the seed is a PRF: the
 * derived keys reveal nothing about the seed, and the labels keep them apart from each other
 * and from any other use of the seed (the identity signs device lists with the seed itself).
 *
 * The records are stored under derived signing keys, not under the identity key: HyperDHT gives
 * a key pair one mutable slot and the identity's slot holds the device list; and the DHT cannot
 * even tell which identity the records belong to.
 */
export interface ContactListKeys {
  /** AES-256-GCM key that seals the list. */
  readonly sealKey: Buffer;
  /** The key pair record `index` is stored under: 0 is the head, 1… the chunks. */
  recordKeyPair(index: number): KeyPair;
}

const SEAL_LABEL = 'parley/contacts/v1/seal';
const SIGN_LABEL = 'parley/contacts/v1/sign';
/** Record indexes fit one byte in the label (and in the record format). */
const MAX_RECORD_INDEX = 0xff;

export function deriveContactListKeys(identity: KeyPair): ContactListKeys {
  const seed = identity.secretKey.subarray(0, SEED_BYTES);
  const derive = (label: Buffer): Buffer => createHmac('sha256', seed).update(label).digest();
  const sealKey = derive(Buffer.from(SEAL_LABEL, 'utf8'));
  const keyPairs = new Map<number, KeyPair>();
  return {
    sealKey,
    recordKeyPair(index) {
      if (!Number.isInteger(index) || index < 0 || index > MAX_RECORD_INDEX) throw new RangeError(`a contact list record index is 0–${MAX_RECORD_INDEX}, not ${index}`);
      let keyPair = keyPairs.get(index);
      if (!keyPair) {
        keyPair = keyPairFromSeed(derive(Buffer.concat([Buffer.from(SIGN_LABEL, 'utf8'), Buffer.of(index)])));
        keyPairs.set(index, keyPair);
      }
      return keyPair;
    },
  };
}
