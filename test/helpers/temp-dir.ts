import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();
let cleanupRegistered = false;

/**
 * A fresh folder under the OS temp folder, removed when the test process exits. Cleaning up at
 * exit (not in a node:test `after`) keeps folders made inside hooks alive for the whole suite.
 */
export async function tempDir(label = 'parley-test'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `${label}-`));
  made.add(dir);
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once('exit', () => {
      for (const folder of made) rmSync(folder, { recursive: true, force: true });
    });
  }
  return dir;
}
