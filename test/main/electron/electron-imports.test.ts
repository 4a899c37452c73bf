/**
 * Keeps the Electron glue testable without Electron: only the composition root may load 'electron'
 * at run time; every other module takes what it needs as parameters (type imports are free).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = process.env['PARLEY_ROOT'] ?? process.cwd();
const RUNTIME_ELECTRON_IMPORT = /^\s*import\s+(?!type\b)[^;]*from\s+['"]electron['"]/m;
const ANY_IMPORT = /^\s*import\s[^;]*?from\s+['"]([^'"]+)['"]/gm;

function sources(folder: string): string[] {
  return readdirSync(join(root, folder))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
}

test('in src/main/electron only electron-main.ts imports electron at run time', () => {
  const importers = sources('src/main/electron').filter((file) => RUNTIME_ELECTRON_IMPORT.test(readFileSync(join(root, file), 'utf8')));
  assert.deepEqual(importers, ['src/main/electron/electron-main.ts']);
});

test('the preload imports only electron, its own folder and src/shared', () => {
  for (const file of sources('src/preload')) {
    for (const [, specifier] of readFileSync(join(root, file), 'utf8').matchAll(ANY_IMPORT)) {
      assert.ok(
        specifier === 'electron' || specifier?.startsWith('./') || specifier?.startsWith('../shared/'),
        `${file} imports ${specifier}, which a sandboxed preload cannot load`,
      );
    }
  }
});
