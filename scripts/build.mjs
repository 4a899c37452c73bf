#!/usr/bin/env node
// Builds the three runtimes apart (docs/architecture.md, "Build"):
//  - main: tsc, file for file, because the same code is the `parley` CLI under plain Node;
//  - preload: esbuild, one CommonJS file, because a sandboxed preload cannot require our modules;
//  - renderer: Vite, the React app that Electron loads and `parley serve` serves.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preloadBuildOptions } from './preload-build-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2]; // optional: main | preload | renderer

function step(name, fn) {
  if (only && only !== name) return;
  const started = Date.now();
  fn();
  console.log(`build: ${name} done in ${Date.now() - started} ms`);
}

async function stepAsync(name, fn) {
  if (only && only !== name) return;
  const started = Date.now();
  try {
    await fn();
  } catch (error) {
    console.error(`build: ${name} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`build: ${name} done in ${Date.now() - started} ms`);
}

function run(args) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: failed: node ${args.join(' ')}`);
    process.exit(1);
  }
}

step('main', () => {
  rmSync(join(root, 'dist/main'), { recursive: true, force: true });
  rmSync(join(root, 'dist/shared'), { recursive: true, force: true });
  run([join(root, 'node_modules/typescript/bin/tsc'), '-p', 'src/main']);
});

await stepAsync('preload', async () => {
  // esbuild's JS API, not its bin: the bin is a JS shim or the native binary depending on
  // whether its install script ran.
  const { build } = await import('esbuild');
  await build(preloadBuildOptions(root));
});

step('renderer', () => {
  run([join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'src/renderer/vite.config.ts', '--logLevel', 'warn']);
});
