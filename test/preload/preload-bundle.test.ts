/**
 * The preload as Electron runs it: bundled into one CommonJS file and evaluated where `require`
 * knows only 'electron' (a sandboxed preload gets a few built-ins, and none of our modules).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { preloadBuildOptions } from '../../scripts/preload-build-options.mjs';
import { COMMAND_NAMES, IPC_INVOKE_CHANNEL } from '../../src/shared/api-contract.js';

const root = process.env['PARLEY_ROOT'] ?? process.cwd();

/** Bundled exactly as scripts/build.mjs bundles it, but kept in memory. */
async function bundlePreload(): Promise<string> {
  const { outfile: _outfile, ...options } = preloadBuildOptions(root);
  const result = await build({ ...options, write: false, logLevel: 'silent' });
  const output = result.outputFiles[0];
  assert.ok(output, 'esbuild wrote no output');
  return output.text;
}

test('the bundled preload needs only electron and exposes exactly window.parley', async () => {
  const code = await bundlePreload();
  const required: string[] = [];
  const exposed: Array<[string, unknown]> = [];
  const invoked: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.push([key, value]) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve({ ok: true, value: null });
      },
      on: () => {},
      off: () => {},
    },
  };
  const sandboxRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`module not found: ${id} (a sandboxed preload cannot load it)`);
  };
  const module = { exports: {} };
  runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
  assert.deepEqual(required, ['electron']);
  assert.equal(exposed.length, 1);
  const [key, api] = exposed[0] ?? [];
  assert.equal(key, 'parley');
  assert.deepEqual(Object.keys(api as object).sort(), [...COMMAND_NAMES, 'on'].sort());
  await (api as { getMuted: (args: object) => Promise<unknown> }).getMuted({});
  assert.deepEqual(invoked, [[IPC_INVOKE_CHANNEL, 'getMuted', {}]]);
});
