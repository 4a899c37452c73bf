import { stat, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../identity/identity-key-pair.js';
import { ParleyError } from '../parley-error.js';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

export const IDENTITY_FILE = 'identity.json';
/** Only the owner may read the identity's secret (like ssh's private keys). */
export const IDENTITY_FILE_MODE = 0o600;

const Hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 32 bytes of hex');
const IdentityFileSchema = z.object({
  format: z.literal('parley-identity'),
  version: z.literal(1),
  /** The Ed25519 seed; the key pair is derived from it. */
  seed: Hex32,
  /** Stored to detect corruption: it must equal the key derived from the seed. */
  publicKey: Hex32,
  createdAt: z.string(),
});

export interface IdentityLoad {
  keyPair: KeyPair;
  created: boolean;
  /** Set when the file was readable by others and its mode was narrowed to 0600. */
  permissionsFixed: boolean;
}

/**
 * Loads the identity key pair, creating it on first run. A corrupt identity file is never
 * replaced or moved: a new identity would be a new address nobody knows, so the profile
 * refuses to open and says how to recover (restore the file, or move it away on purpose).
 */
export async function loadOrCreateIdentity(dataDir: string, now: Date = new Date()): Promise<IdentityLoad> {
  const path = join(dataDir, IDENTITY_FILE);
  const read = await readJsonFile(path, IdentityFileSchema);
  if (read.status === 'missing') {
    const seed = generateSeed();
    const keyPair = keyPairFromSeed(seed);
    try {
      await writeJsonFileAtomic(
        path,
        {
          format: 'parley-identity',
          version: 1,
          seed: seed.toString('hex'),
          publicKey: keyPair.publicKey.toString('hex'),
          createdAt: now.toISOString(),
        },
        IDENTITY_FILE_MODE,
      );
    } catch (error) {
      throw new ParleyError('PROFILE_UNWRITABLE', `cannot write the identity file ${path}: ${(error as Error).message}`, { cause: error });
    }
    return { keyPair, created: true, permissionsFixed: false };
  }
  if (read.status === 'corrupt') throw corrupt(path, read.reason);
  const keyPair = keyPairFromSeed(Buffer.from(read.value.seed, 'hex'));
  if (keyPair.publicKey.toString('hex') !== read.value.publicKey) {
    throw corrupt(path, 'its public key does not match its seed');
  }
  return { keyPair, created: false, permissionsFixed: await narrowPermissions(path) };
}

async function narrowPermissions(path: string): Promise<boolean> {
  if (process.platform === 'win32') return false;
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return false;
  await chmod(path, IDENTITY_FILE_MODE);
  return true;
}

function corrupt(path: string, reason: string): ParleyError {
  return new ParleyError(
    'PROFILE_IDENTITY_CORRUPT',
    `the identity file ${path} is damaged: ${reason}. Parley left it untouched, because a new identity ` +
      `would be a new address your buddies do not know. Restore it from a backup or another device, ` +
      `or move it away yourself to start over with a new identity.`,
  );
}
