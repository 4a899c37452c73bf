#!/usr/bin/env node
// The `parley` command. The core is compiled to dist/ by `npm install` (the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('parley: Parley is not built yet; run `npm run build` in its folder first.\n');
  process.exit(1);
}
await import(entry.href);
