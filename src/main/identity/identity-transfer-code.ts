import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { CodedError } from '../coded-error.js';
import { keyPairFromSeed, SEED_BYTES, type KeyPair } from './identity-key-pair.js';

/**
 * Moving an identity to a second device: the identity seed, sealed with a passphrase, written as
 * one line of text that survives copy and paste, a chat message or a QR code.
 *
 *   parley-identity-1:<base64url( salt 16 | nonce 12 | AES-256-GCM(seed) 32 | tag 16 )>
 *
 * The key is scrypt(passphrase NFC, salt). The prefix is the GCM additional data, so a code cannot
 * be re-labelled as another version. GCM cannot tell a wrong passphrase from a damaged code; both
 * come back as IDENTITY_CODE_WRONG_PASSPHRASE.
 */
export const IDENTITY_CODE_PREFIX = 'parley-identity-1:';
/** A passphrase shorter than this is refused on export; scrypt slows guessing, it cannot save "1234". */
export const MIN_PASSPHRASE_LENGTH = 8;

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 uses 32 MiB and about 100 ms here — the interactive-login
 * figure of the scrypt paper, paid once per export and import. Fixed per code version.
 */
const SCRYPT: ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CODE_BYTES = SALT_BYTES + NONCE_BYTES + SEED_BYTES + TAG_BYTES;
const AAD = Buffer.from(IDENTITY_CODE_PREFIX, 'utf8');

export type IdentityCodeErrorCode = 'IDENTITY_CODE_WEAK_PASSPHRASE';

/** A fault in our own call: exporting under a passphrase too short to protect the identity. */
export class IdentityCodeError extends CodedError<IdentityCodeErrorCode> {
  constructor(code: IdentityCodeErrorCode, message: string) {
    super('IdentityCodeError', code, message);
  }
}

export type IdentityImportErrorCode = 'IDENTITY_CODE_MALFORMED' | 'IDENTITY_CODE_UNSUPPORTED' | 'IDENTITY_CODE_WRONG_PASSPHRASE';

export type IdentityImportResult =
  | { readonly ok: true; readonly keyPair: KeyPair }
  | { readonly ok: false; readonly error: { readonly code: IdentityImportErrorCode; readonly reason: string } };

/** Seals the identity's seed under `passphrase`. */
export async function exportIdentityCode(identity: KeyPair, passphrase: string): Promise<string> {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new IdentityCodeError('IDENTITY_CODE_WEAK_PASSPHRASE', `a passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const key = await deriveKey(passphrase, salt);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const sealed = Buffer.concat([cipher.update(identity.secretKey.subarray(0, SEED_BYTES)), cipher.final()]);
  return IDENTITY_CODE_PREFIX + Buffer.concat([salt, nonce, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** Opens a code made by `exportIdentityCode`. Never throws for what the user pasted. */
export async function importIdentityCode(code: string, passphrase: string): Promise<IdentityImportResult> {
  const text = code.replace(/\s+/g, '');
  const version = /^parley-identity-(\d+):/.exec(text);
  if (!version) return failure('IDENTITY_CODE_MALFORMED', `an identity code starts with ${IDENTITY_CODE_PREFIX}`);
  if (!text.startsWith(IDENTITY_CODE_PREFIX)) {
    return failure('IDENTITY_CODE_UNSUPPORTED', `this code was made by a newer Parley (format ${version[1]})`);
  }
  const body = text.slice(IDENTITY_CODE_PREFIX.length);
  if (!/^[A-Za-z0-9_-]*$/.test(body) || body.length !== Math.ceil((CODE_BYTES * 4) / 3)) {
    return failure('IDENTITY_CODE_MALFORMED', 'the code is incomplete or damaged');
  }
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== CODE_BYTES) return failure('IDENTITY_CODE_MALFORMED', 'the code is incomplete or damaged');
  const salt = bytes.subarray(0, SALT_BYTES);
  const nonce = bytes.subarray(SALT_BYTES, SALT_BYTES + NONCE_BYTES);
  const sealed = bytes.subarray(SALT_BYTES + NONCE_BYTES, CODE_BYTES - TAG_BYTES);
  const tag = bytes.subarray(CODE_BYTES - TAG_BYTES);
  const key = await deriveKey(passphrase, salt);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(AAD);
  decipher.setAuthTag(tag);
  let seed: Buffer;
  try {
    seed = Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    return failure('IDENTITY_CODE_WRONG_PASSPHRASE', 'the passphrase is wrong, or the code was changed');
  }
  return { ok: true, keyPair: keyPairFromSeed(seed) };
}

function deriveKey(passphrase: string, salt: Uint8Array): Promise<Buffer> {
  // NFC: the same passphrase typed on two systems may arrive composed or decomposed.
  const secret = Buffer.from(passphrase.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, 32, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function failure(code: IdentityImportErrorCode, reason: string): IdentityImportResult {
  return { ok: false, error: { code, reason } };
}
