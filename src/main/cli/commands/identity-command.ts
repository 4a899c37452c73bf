import { mkdir, readFile } from 'node:fs/promises';
import { exportIdentityCode, MIN_PASSPHRASE_LENGTH } from '../../identity/identity-transfer-code.js';
import { defaultDataDir } from '../../profile/data-dir.js';
import { importIdentityIntoProfile } from '../../profile/identity-import.js';
import { Profile } from '../../profile/profile.js';
import { ProfileLock } from '../../profile/profile-lock.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../cli-errors.js';
import type { CliOutput } from '../cli-output.js';

export interface IdentityFlags {
  data?: string | undefined;
  'passphrase-file'?: string | undefined;
  replace?: boolean | undefined;
}

/** A passphrase longer than this is not one anybody types. */
const MAX_PASSPHRASE_CHARS = 1024;

/**
 * `parley identity export | import CODE`: moves an identity to a second device (issue 5, item 1).
 * The code is the identity's secret sealed under a passphrase (scrypt + AES-256-GCM); the
 * passphrase comes from a file or a pipe, never from the command line, where `ps` would show it.
 * The imported device joins the identity's signed device list when its node next starts.
 */
export async function identityCommand(operands: string[], flags: IdentityFlags, out: CliOutput): Promise<number> {
  const [action, ...rest] = operands;
  const dataDir = flags.data ?? defaultDataDir();
  if (action === 'export') {
    if (rest.length > 0) throw new UsageError(`export takes no operand, not '${rest.join(' ')}'`, 'identity');
    const passphrase = await readPassphrase(flags);
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new UsageError(`the passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`, 'identity');
    const profile = await Profile.open(dataDir);
    const code = await exportIdentityCode(profile.identity, passphrase);
    out.event('identityExported', { uri: profile.uri, code }, code);
    return EXIT_OK;
  }
  if (action === 'import') {
    const [code, ...extra] = rest;
    if (code === undefined || extra.length > 0) throw new UsageError('import takes one code: parley identity import CODE', 'identity');
    const passphrase = await readPassphrase(flags);
    // The running node holds the profile: an identity cannot change under it.
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const lock = await ProfileLock.acquire(dataDir);
    try {
      const imported = await importIdentityIntoProfile(dataDir, code.trim(), passphrase, { replace: flags.replace ?? false });
      if (!imported.ok) {
        out.warn(`${imported.error.reason} (${imported.error.code})`);
        return EXIT_FAILED;
      }
      const profile = await Profile.open(dataDir);
      const moved = imported.movedAsidePath ? `; the previous identity was kept as ${imported.movedAsidePath}` : '';
      out.event('identityImported', { uri: profile.uri, status: imported.status, ...(imported.movedAsidePath ? { movedAside: imported.movedAsidePath } : {}) }, `This profile is now a device of ${profile.uri}${moved}. It joins the identity's device list when its node starts.`);
      return EXIT_OK;
    } finally {
      await lock.release();
    }
  }
  throw new UsageError(`say export or import, not '${action ?? ''}'`, 'identity');
}

/** The first line of --passphrase-file, or of stdin when it is a pipe. */
async function readPassphrase(flags: IdentityFlags): Promise<string> {
  let text: string;
  if (flags['passphrase-file'] !== undefined) {
    try {
      text = await readFile(flags['passphrase-file'], 'utf8');
    } catch (error) {
      throw new UsageError(`--passphrase-file ${flags['passphrase-file']}: ${(error as Error).message}`, 'identity');
    }
  } else if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    throw new UsageError('give the passphrase with --passphrase-file FILE or on stdin (a pipe): never on the command line', 'identity');
  }
  const passphrase = text.split(/\r?\n/)[0] ?? '';
  if (passphrase.length === 0) throw new UsageError('the passphrase is empty', 'identity');
  if (passphrase.length > MAX_PASSPHRASE_CHARS) throw new UsageError(`a passphrase has at most ${MAX_PASSPHRASE_CHARS} characters`, 'identity');
  return passphrase;
}
