#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is installed; otherwise (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD, as on machines without internet) the same UI served to a
// browser by `parley demo`. Arguments after `npm start --` go to whichever runs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

/** The Electron executable, or undefined when its binary was never downloaded. */
function electronBinary() {
  const require = createRequire(import.meta.url);
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
  // Without its binary, require('electron') tries to download it right now (and fails offline,
  // noisily); electron's index.js finds the binary through path.txt, so look there first.
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile) || !existsSync(join(packageDir, 'dist', readFileSync(pathFile, 'utf8')))) return undefined;
  }
  try {
    // The 'electron' package exports the binary's path, and throws when it is missing.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Builds when any of these outputs is missing (`prepare` normally built them at install). */
function buildIfMissing(...files) {
  if (files.every((file) => existsSync(join(root, file)))) return;
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** Runs the child with our terminal, passes our signals on, and leaves the way it left. */
function runForwarding(command, commandArgs, env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('error', (error) => {
    console.error(`start: cannot run ${command}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    for (const name of signals) process.off(name, forward);
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

/**
 * Electron 45 no longer downloads its binary at install; it fetches it on first use. Fetch it
 * here, before the app starts, unless the user opted out with ELECTRON_SKIP_BINARY_DOWNLOAD.
 */
function downloadElectron() {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return false;
  let installer;
  try {
    installer = createRequire(import.meta.url).resolve('electron/install.js');
  } catch {
    return false;
  }
  console.log('Downloading the Electron binary (once)…');
  const result = spawnSync(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 10 * 60 * 1000 });
  if (result.status === 0) return true;
  const reason = String(result.stderr ?? '').split('\n').find((line) => /error/i.test(line))?.trim() ?? 'no details';
  console.log(`Electron could not be downloaded (${reason.slice(0, 160)}).`);
  return false;
}

const electron = electronBinary() ?? (downloadElectron() ? electronBinary() : undefined);
if (electron) {
  buildIfMissing('dist/main/electron/electron-main.js', 'dist/preload/index.cjs', 'dist/renderer/index.html');
  // ELECTRON_RUN_AS_NODE inherited from a parent tool would start Electron as plain Node.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  runForwarding(electron, ['.', ...args], env);
} else {
  buildIfMissing('dist/main/cli/main.js', 'dist/renderer/index.html');
  console.log('Electron is not installed here; starting the browser UI instead: parley demo');
  runForwarding(process.execPath, [join(root, 'bin/parley.js'), 'demo', ...args], process.env);
}
