import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ParleyError } from '../parley-error.js';
import { isErrno } from './json-file.js';

export const LOCK_FILE = 'profile.lock';

/**
 * One running node per profile: two processes writing the same settings, or announcing the
 * same device, would fight. The lock file holds the owner's pid; a lock whose process is
 * gone (a crash) is taken over.
 */
export class ProfileLock {
  readonly #path: string;
  #released = false;

  private constructor(path: string) {
    this.#path = path;
  }

  static async acquire(dataDir: string, pid: number = process.pid): Promise<ProfileLock> {
    const path = join(dataDir, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx', 0o600);
        await handle.writeFile(`${pid}\n`);
        await handle.close();
        return new ProfileLock(path);
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) {
          throw new ParleyError('PROFILE_UNWRITABLE', `cannot create ${path}: ${(error as Error).message}`, { cause: error });
        }
      }
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      // Our own pid counts too: two nodes in one process on one profile conflict just the same.
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new ParleyError(
          'PROFILE_IN_USE',
          `the profile in ${dataDir} is in use by another Parley (process ${owner}); ` +
            `stop it first, or use --data with another folder`,
        );
      }
      await rm(path, { force: true }); // stale: its owner is gone
    }
    throw new ParleyError('PROFILE_IN_USE', `could not take the profile lock ${path}`);
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await rm(this.#path, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
