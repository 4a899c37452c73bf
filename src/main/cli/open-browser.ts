import { spawn } from 'node:child_process';

/**
 * Opens a URL in the user's browser when there is one to open: not under CI, and on Linux
 * only with a display. Returns whether it tried; failures are silent because the URL has
 * already been printed.
 */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (env['CI'] || env['PARLEY_NO_BROWSER']) return false;
  const command =
    platform === 'darwin'
      ? { file: 'open', args: [url] }
      : platform === 'win32'
        ? { file: 'cmd', args: ['/c', 'start', '""', url] }
        : env['DISPLAY'] || env['WAYLAND_DISPLAY']
          ? { file: 'xdg-open', args: [url] }
          : null;
  if (!command) return false;
  try {
    const child = spawn(command.file, command.args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}
