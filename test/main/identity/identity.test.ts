import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import HyperDHT from 'hyperdht';
import { addressOfRecord, identityKeyOf, PARLEY_DOMAIN } from '../../../src/main/identity/address-of-record.js';
import { generateSeed, keyPairFromSeed, signDetached, verifyDetached } from '../../../src/main/identity/identity-key-pair.js';

describe('identity key pair', () => {
  test('is the same Ed25519 key pair HyperDHT derives from the seed', () => {
    for (let i = 0; i < 5; i++) {
      const seed = generateSeed();
      const ours = keyPairFromSeed(seed);
      const theirs = HyperDHT.keyPair(seed);
      assert.equal(ours.publicKey.toString('hex'), theirs.publicKey.toString('hex'));
      assert.equal(ours.secretKey.toString('hex'), theirs.secretKey.toString('hex'));
    }
  });

  test('signs so that only the matching public key verifies, and only the signed message', () => {
    const alice = keyPairFromSeed(generateSeed());
    const bob = keyPairFromSeed(generateSeed());
    const message = Buffer.from('device list seq 1');
    const signature = signDetached(message, alice);
    assert.equal(verifyDetached(message, signature, alice.publicKey), true);
    assert.equal(verifyDetached(message, signature, bob.publicKey), false);
    assert.equal(verifyDetached(Buffer.from('device list seq 2'), signature, alice.publicKey), false);
    assert.equal(verifyDetached(message, signature.subarray(1), alice.publicKey), false, 'a short signature is refused, not thrown');
  });
});

describe('address-of-record', () => {
  test('is sip:<z-base-32 key>@parley.invalid and names its key', () => {
    const { publicKey } = keyPairFromSeed(generateSeed());
    const uri = addressOfRecord(publicKey);
    assert.match(uri, new RegExp(`^sip:[ybndrfg8ejkmcpqxot1uwisza345h769]{52}@${PARLEY_DOMAIN.replace('.', '\\.')}$`));
    assert.deepEqual(Buffer.from(identityKeyOf(uri) ?? []), publicKey);
  });

  test('uses a domain that DNS will never resolve (RFC 6761 .invalid)', () => {
    assert.ok(PARLEY_DOMAIN.endsWith('.invalid'));
  });

  test('is not claimed for other domains or malformed users', () => {
    const { publicKey } = keyPairFromSeed(generateSeed());
    const user = addressOfRecord(publicKey).slice(4, 56);
    assert.equal(identityKeyOf(`sip:${user}@example.com`), null);
    assert.equal(identityKeyOf(`sip:${user.slice(1)}@${PARLEY_DOMAIN}`), null);
    assert.equal(identityKeyOf('sip:alice@parley.invalid'), null);
    assert.equal(identityKeyOf('not a uri'), null);
  });
});
