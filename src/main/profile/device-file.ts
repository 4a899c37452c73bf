import { chmod, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CodedError } from '../coded-error.js';
import { isDeviceName, toDeviceName } from '../identity/device-name.js';
import { generateSeed, keyPairFromSeed, type KeyPair } from '../identity/identity-key-pair.js';
import { ParleyError } from '../parley-error.js';
import { readJsonFile, writeJsonFileAtomic } from './json-file.js';

/**
 * This device's own key pair, apart from the identity: HyperDHT connections and announcements
 * use it (the server key pair), and the identity's signed device list names it (DESIGN.md,
 * "Devices of one AoR"). Each profile folder is one device; copying the identity to another
 * device never copies this file.
 */
export const DEVICE_FILE = 'device.json';
/** Only the owner may read the device's secret, like the identity's. */
export const DEVICE_FILE_MODE = 0o600;

const Hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 32 bytes of hex');
const DeviceFileSchema = z.object({
  format: z.literal('parley-device'),
  version: z.literal(1),
  /** The Ed25519 seed; the key pair is derived from it. */
  seed: Hex32,
  /** Stored to detect corruption: it must equal the key derived from the seed. */
  publicKey: Hex32,
  /** The label this device gets in the device list. */
  name: z.string().refine(isDeviceName, 'not a valid device name'),
  createdAt: z.string(),
});

export type DeviceFileErrorCode = 'PROFILE_DEVICE_CORRUPT';

export class DeviceFileError extends CodedError<DeviceFileErrorCode> {
  constructor(code: DeviceFileErrorCode, message: string) {
    super('DeviceFileError', code, message);
  }
}

export interface DeviceLoad {
  keyPair: KeyPair;
  name: string;
  created: boolean;
  /** Set when the file was readable by others and its mode was narrowed to 0600. */
  permissionsFixed: boolean;
}

export interface DeviceLoadOptions {
  /** The name a new device gets; defaults to the host name. Ignored when the file exists. */
  name?: string;
  now?: Date;
}

/**
 * Loads the device key pair, creating it on first run. A corrupt device file is left as it is and
 * the profile refuses to open, as for the identity: the published device list names this key, and
 * a silently new one would be a device the list does not know.
 */
export async function loadOrCreateDevice(dataDir: string, options: DeviceLoadOptions = {}): Promise<DeviceLoad> {
  const path = join(dataDir, DEVICE_FILE);
  const read = await readJsonFile(path, DeviceFileSchema);
  if (read.status === 'missing') {
    const seed = generateSeed();
    const keyPair = keyPairFromSeed(seed);
    const name = toDeviceName(options.name ?? hostname());
    try {
      await writeJsonFileAtomic(
        path,
        {
          format: 'parley-device',
          version: 1,
          seed: seed.toString('hex'),
          publicKey: keyPair.publicKey.toString('hex'),
          name,
          createdAt: (options.now ?? new Date()).toISOString(),
        },
        DEVICE_FILE_MODE,
      );
    } catch (error) {
      throw new ParleyError('PROFILE_UNWRITABLE', `cannot write the device file ${path}: ${(error as Error).message}`, { cause: error });
    }
    return { keyPair, name, created: true, permissionsFixed: false };
  }
  if (read.status === 'corrupt') throw corrupt(path, read.reason);
  const keyPair = keyPairFromSeed(Buffer.from(read.value.seed, 'hex'));
  if (keyPair.publicKey.toString('hex') !== read.value.publicKey) {
    throw corrupt(path, 'its public key does not match its seed');
  }
  return { keyPair, name: read.value.name, created: false, permissionsFixed: await narrowPermissions(path) };
}

async function narrowPermissions(path: string): Promise<boolean> {
  if (process.platform === 'win32') return false;
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return false;
  await chmod(path, DEVICE_FILE_MODE);
  return true;
}

function corrupt(path: string, reason: string): DeviceFileError {
  return new DeviceFileError(
    'PROFILE_DEVICE_CORRUPT',
    `the device file ${path} is damaged: ${reason}. Parley left it untouched, because your identity's ` +
      `device list names this device's key. Restore the file from a backup, or move it away yourself ` +
      `to make this a new device (then remove the old one from the device list).`,
  );
}
