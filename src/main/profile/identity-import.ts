import { rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyPair } from '../identity/identity-key-pair.js';
import { importIdentityCode, type IdentityImportErrorCode } from '../identity/identity-transfer-code.js';
import { isParleyError, ParleyError } from '../parley-error.js';
import { IDENTITY_FILE, IDENTITY_FILE_MODE, loadOrCreateIdentity } from './identity-file.js';
import { isErrno, writeJsonFileAtomic } from './json-file.js';

/**
 * Makes this profile a device of an identity exported elsewhere (`exportIdentityCode`). Run it
 * before the profile is opened (the node holds the profile lock). The device key (device.json)
 * stays: it is what the identity's device list will name once this device adds itself.
 */
export type IdentityImportOutcome =
  | { readonly ok: true; readonly keyPair: KeyPair; readonly status: 'installed' | 'already-this-identity'; readonly movedAsidePath?: string }
  | { readonly ok: false; readonly error: { readonly code: IdentityImportErrorCode | IdentityInstallErrorCode; readonly reason: string } };

export type IdentityInstallErrorCode = 'PROFILE_HAS_OTHER_IDENTITY' | 'PROFILE_IDENTITY_CORRUPT';

export interface IdentityImportOptions {
  /**
   * Replace an identity the profile already has. The old identity.json is renamed to
   * `identity.json.replaced-<time>`, never deleted: it is an address someone may know.
   */
  replace?: boolean;
  now?: Date;
}

export async function importIdentityIntoProfile(
  dataDir: string,
  code: string,
  passphrase: string,
  options: IdentityImportOptions = {},
): Promise<IdentityImportOutcome> {
  const opened = await importIdentityCode(code, passphrase);
  if (!opened.ok) return opened;
  return installIdentity(dataDir, opened.keyPair, options);
}

/** Writes `keyPair` as the profile's identity, guarding one the profile already has. */
export async function installIdentity(dataDir: string, keyPair: KeyPair, options: IdentityImportOptions = {}): Promise<IdentityImportOutcome> {
  const path = join(dataDir, IDENTITY_FILE);
  const now = options.now ?? new Date();
  const existing = await existingIdentity(dataDir, path);
  if (existing === 'corrupt' && !options.replace) {
    return failure('PROFILE_IDENTITY_CORRUPT', `${path} is damaged; import with replace to move it aside and use the imported identity`);
  }
  if (existing !== 'missing' && existing !== 'corrupt') {
    if (existing.publicKey.equals(keyPair.publicKey)) return { ok: true, keyPair, status: 'already-this-identity' };
    if (!options.replace) {
      return failure('PROFILE_HAS_OTHER_IDENTITY', `${path} holds another identity; import with replace to move it aside`);
    }
  }
  const movedAsidePath = existing === 'missing' ? undefined : await setAside(path, now);
  try {
    // The shape loadOrCreateIdentity reads; reading it back below proves the two agree.
    await writeJsonFileAtomic(
      path,
      {
        format: 'parley-identity',
        version: 1,
        seed: keyPair.secretKey.subarray(0, 32).toString('hex'),
        publicKey: keyPair.publicKey.toString('hex'),
        createdAt: now.toISOString(),
      },
      IDENTITY_FILE_MODE,
    );
  } catch (error) {
    throw new ParleyError('PROFILE_UNWRITABLE', `cannot write the identity file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const written = await loadOrCreateIdentity(dataDir, now);
  if (!written.keyPair.publicKey.equals(keyPair.publicKey)) {
    throw new ParleyError('PROFILE_IDENTITY_CORRUPT', `the identity written to ${path} does not read back as the imported one`);
  }
  return { ok: true, keyPair, status: 'installed', ...(movedAsidePath ? { movedAsidePath } : {}) };
}

async function existingIdentity(dataDir: string, path: string): Promise<KeyPair | 'missing' | 'corrupt'> {
  try {
    await stat(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    return (await loadOrCreateIdentity(dataDir)).keyPair;
  } catch (error) {
    if (isParleyError(error, 'PROFILE_IDENTITY_CORRUPT')) return 'corrupt';
    throw error;
  }
}

async function setAside(path: string, now: Date): Promise<string> {
  const target = `${path}.replaced-${now.toISOString().replace(/[:.]/g, '-')}`;
  await rename(path, target);
  return target;
}

function failure(code: IdentityInstallErrorCode, reason: string): IdentityImportOutcome {
  return { ok: false, error: { code, reason } };
}
