/**
 * Where the desktop app's files are, from the app folder (`app.getAppPath()`: the repo in
 * development, `resources/app.asar` when packaged). Both layouts are the same below it.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type AppPaths = {
  readonly preload: string;
  readonly indexHtml: string;
  /** The renderer's own URL: the only page the window may show and the only IPC sender we trust. */
  readonly indexUrl: string;
  readonly windowIcon: string;
  readonly trayIcon: string;
};

export function appPaths(appFolder: string): AppPaths {
  const indexHtml = join(appFolder, 'dist', 'renderer', 'index.html');
  return {
    preload: join(appFolder, 'dist', 'preload', 'index.cjs'),
    indexHtml,
    indexUrl: pathToFileURL(indexHtml).href,
    windowIcon: join(appFolder, 'assets', 'icon.png'),
    trayIcon: join(appFolder, 'assets', 'tray-icon.png'),
  };
}
