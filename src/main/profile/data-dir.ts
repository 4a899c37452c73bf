import { homedir } from 'node:os';
import { join } from 'node:path';

/** The profile folder's name: the product name, as the OS app-data conventions expect. */
export const APP_FOLDER = 'Parley';

/**
 * The OS app-data folder for the profile, the same one the desktop app uses (it keeps
 * Chromium's own files apart, in `<profile>/electron`), so
 * `parley serve`, `parley whoami` and the app share one identity:
 * Linux `$XDG_CONFIG_HOME/Parley` (default `~/.config/Parley`), macOS
 * `~/Library/Application Support/Parley`, Windows `%APPDATA%\Parley`.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER);
  const xdg = env['XDG_CONFIG_HOME'];
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.config'), APP_FOLDER);
}
