import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** A fresh folder under the OS temp folder, removed when the test file ends. */
export async function tempDir(label = 'parley-test'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `${label}-`));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
