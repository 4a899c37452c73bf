#!/usr/bin/env node
// `npm test`: build, then run every test/**/*.test.ts(x) with Node's own test runner (through tsx),
// so CI ends with the runner's summary. Tests that need a system tool skip with the reason.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (/\.test\.tsx?$/.test(name)) found.push(relative(root, path));
  }
  return found;
}

const filters = process.argv.slice(2);
if (!process.env.PARLEY_TEST_SKIP_BUILD) {
  const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const files = findTests(join(root, 'test')).filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
const result = spawnSync(
  process.execPath,
  // A hung test fails after 2 minutes instead of eating CI's 90; the whole run is bounded too.
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, PARLEY_ROOT: root }, timeout: 40 * 60 * 1000, killSignal: 'SIGKILL' },
);
if (result.error) console.error(`test: the test run did not finish: ${result.error.message}`);
process.exit(result.status ?? 1);
