/**
 * What the desktop app takes from its command line: `--data DIR` (or `--data=DIR`) to use another
 * data folder, and a `sip:` link the OS passed when the app was opened through one.
 */
import { resolve } from 'node:path';
import { findSipLink } from './sip-link.js';

export type DesktopCommandLine = {
  /** Absolute, when `--data` was given; otherwise the profile's default applies. */
  readonly dataDir: string | undefined;
  readonly sipLink: string | undefined;
};

export type DesktopCommandLineResult =
  | { readonly ok: true; readonly value: DesktopCommandLine }
  | { readonly ok: false; readonly message: string };

const DATA_FLAG = '--data';

export function parseDesktopCommandLine(argv: readonly string[], cwd: string = process.cwd()): DesktopCommandLineResult {
  let dataDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value: string | undefined;
    if (arg === DATA_FLAG) {
      value = argv[i + 1];
      i++;
    } else if (arg?.startsWith(`${DATA_FLAG}=`)) {
      value = arg.slice(DATA_FLAG.length + 1);
    } else {
      continue;
    }
    if (value === undefined || value === '' || value.startsWith('-')) {
      return { ok: false, message: `${DATA_FLAG} needs a folder, e.g. ${DATA_FLAG} ~/parley-test` };
    }
    dataDir = resolve(cwd, value);
  }
  return { ok: true, value: { dataDir, sipLink: findSipLink(argv) } };
}
