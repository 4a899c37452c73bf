import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';

export type JsonFileRead<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  | { status: 'corrupt'; reason: string };

/** Profile files are small; anything larger is not ours. */
const MAX_BYTES = 4 * 1024 * 1024;

/** Reads and validates a JSON file; never throws for missing or bad content. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<JsonFileRead<T>> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_BYTES) return { status: 'corrupt', reason: `it is larger than ${MAX_BYTES} bytes` };
    text = bytes.toString('utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { status: 'missing' };
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { status: 'corrupt', reason: `it is not valid JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return { status: 'corrupt', reason: `its content is not what Parley wrote (${where}${first?.message ?? 'invalid'})` };
  }
  return { status: 'ok', value: parsed.data };
}

/**
 * Writes JSON so that a crash leaves either the old or the new file, never a torn one:
 * write a temporary file beside it, fsync, rename over, fsync the folder.
 */
export async function writeJsonFileAtomic(path: string, value: unknown, mode = 0o644): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temporary, mode); // open() honours the umask; the mode must be exact (0600 for keys)
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/**
 * Moves a corrupt file aside as `<name>.corrupt-<timestamp>` so nothing is lost, and
 * returns the new path.
 */
export async function moveAside(path: string, now: Date = new Date()): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${path}.corrupt-${stamp}`;
  await rename(path, target);
  return target;
}

async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open a folder for fsync; the rename is still atomic.
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === code;
}
