import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { isParleyError } from '../../../src/main/parley-error.js';
import { LOCK_FILE, ProfileLock } from '../../../src/main/profile/profile-lock.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('the profile lock', () => {
  test('lets one running process own a profile', async () => {
    const dir = await tempDir();
    const lock = await ProfileLock.acquire(dir, process.pid);
    // process.ppid is alive: another Parley holding the profile.
    await writeFile(join(dir, LOCK_FILE), `${process.ppid}\n`);
    await assert.rejects(ProfileLock.acquire(dir, process.pid), (error) => isParleyError(error, 'PROFILE_IN_USE') && error.message.includes(String(process.ppid)));
    await lock.release();
  });

  test('takes over a lock whose process is gone', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LOCK_FILE), '2147483646\n'); // no such pid
    const lock = await ProfileLock.acquire(dir);
    await lock.release();
    const again = await ProfileLock.acquire(dir);
    await again.release();
  });

  test('can be taken again after release', async () => {
    const dir = await tempDir();
    await (await ProfileLock.acquire(dir)).release();
    await (await ProfileLock.acquire(dir)).release();
  });
});

describe('the profile lock within one process', () => {
  test('refuses a second holder in the same process', async () => {
    const dir = await tempDir();
    const lock = await ProfileLock.acquire(dir);
    await assert.rejects(ProfileLock.acquire(dir), (error) => isParleyError(error, 'PROFILE_IN_USE'));
    await lock.release();
  });
});
