/**
 * Opens Parley's window and ties its life to the dial-request queue: `sip:` links wait while the
 * page loads and are delivered once it has (`did-finish-load`); a reload or a closed window
 * makes them wait again.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import type { AppPaths } from './app-paths.js';
import type { DialRequestQueue, DeliverDialRequest } from './dial-request-queue.js';
import type { EventTargetContents } from './ipc-bridge.js';
import { mainWindowOptions } from './main-window-options.js';

/** The bits of `BrowserWindow` used here and by the composition root. */
export interface MainWindowLike {
  readonly webContents: EventTargetContents & {
    on(event: 'did-finish-load' | 'did-start-loading', listener: () => void): unknown;
  };
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  loadFile(filePath: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export type OpenMainWindowOptions<W extends MainWindowLike> = {
  /** `(options) => new BrowserWindow(options)`. */
  readonly create: (options: BrowserWindowConstructorOptions) => W;
  readonly paths: AppPaths;
  readonly dialRequests: DialRequestQueue;
  readonly deliverDialRequest: DeliverDialRequest;
  readonly onClosed: () => void;
};

/** Creates the window and starts loading the renderer; resolves once the page has loaded. */
export function openMainWindow<W extends MainWindowLike>(options: OpenMainWindowOptions<W>): { window: W; loaded: Promise<void> } {
  const window = options.create(mainWindowOptions(options.paths));
  window.once('ready-to-show', () => window.show());
  window.webContents.on('did-start-loading', () => options.dialRequests.close());
  window.webContents.on('did-finish-load', () => options.dialRequests.open(options.deliverDialRequest));
  window.on('closed', () => {
    options.dialRequests.close();
    options.onClosed();
  });
  return { window, loaded: window.loadFile(options.paths.indexHtml) };
}

/** Brings the window to the front, restoring it if minimised (second instance, tray, sip: link). */
export function bringToFront(window: MainWindowLike | undefined): void {
  if (!window || window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
