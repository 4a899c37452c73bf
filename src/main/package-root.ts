import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Parley's package.json, found from this file so it works from the
 * compiled `dist/main` and from `src/main` under tsx (tests) alike.
 */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && readName(manifest) === 'parley') return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the parley package.json above ' + fileURLToPath(import.meta.url));
    folder = parent;
  }
}

export function packageVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8'));
  const version = typeof parsed === 'object' && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}

/** The built renderer that the desktop app loads and `parley serve` serves. */
export function rendererDir(): string {
  return join(packageRoot(), 'dist', 'renderer');
}

function readName(manifest: string): unknown {
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as { name?: unknown }).name : undefined;
  } catch {
    return undefined;
  }
}
