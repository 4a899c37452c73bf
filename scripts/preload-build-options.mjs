// How the preload is bundled, in one place: scripts/build.mjs writes it, and
// test/preload/preload-bundle.test.ts runs the very same bundle in a sandbox.
import { join } from 'node:path';

/** esbuild options: one CommonJS file, because a sandboxed preload can require only 'electron'. */
export function preloadBuildOptions(root) {
  return {
    entryPoints: [join(root, 'src/preload/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    outfile: join(root, 'dist/preload/index.cjs'),
    logLevel: 'warning',
  };
}
