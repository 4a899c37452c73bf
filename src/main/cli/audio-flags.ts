import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './cli-errors.js';

export interface AudioFlags {
  play?: string | undefined;
  record?: string | undefined;
}

/**
 * `--play FILE.wav` must be a readable file and `--record FILE.wav` must go into an existing
 * folder: checked before any call, so a typo is bad usage (exit 2), not a call that fails later.
 * Paths come back absolute, because the media worker does not share our idea of a cwd in tests.
 */
export function checkAudioFlags(command: string, flags: AudioFlags): { play?: string; record?: string } {
  const checked: { play?: string; record?: string } = {};
  if (flags.play !== undefined) {
    const path = resolve(flags.play);
    if (!isReadableFile(path)) throw new UsageError(`--play ${flags.play}: no such readable file`, command);
    checked.play = path;
  }
  if (flags.record !== undefined) {
    const path = resolve(flags.record);
    if (!isFolder(dirname(path))) throw new UsageError(`--record ${flags.record}: the folder ${dirname(path)} does not exist`, command);
    checked.record = path;
  }
  return checked;
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
