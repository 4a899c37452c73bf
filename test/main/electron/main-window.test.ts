import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { BrowserWindowConstructorOptions } from 'electron';
import { appPaths } from '../../../src/main/electron/app-paths.js';
import { DialRequestQueue } from '../../../src/main/electron/dial-request-queue.js';
import { bringToFront, openMainWindow, type MainWindowLike } from '../../../src/main/electron/main-window.js';
import { mainWindowOptions } from '../../../src/main/electron/main-window-options.js';

const paths = appPaths('/opt/Parley/resources/app.asar');

test('the app files are found below the app folder, and the page URL is a file URL', () => {
  assert.equal(paths.preload, '/opt/Parley/resources/app.asar/dist/preload/index.cjs');
  assert.equal(paths.indexHtml, '/opt/Parley/resources/app.asar/dist/renderer/index.html');
  assert.equal(paths.indexUrl, 'file:///opt/Parley/resources/app.asar/dist/renderer/index.html');
  assert.equal(paths.trayIcon, '/opt/Parley/resources/app.asar/assets/tray-icon.png');
});

test('the window treats its page like the web: isolated, sandboxed, no Node, no webview', () => {
  const web = mainWindowOptions(paths).webPreferences ?? {};
  assert.equal(web.contextIsolation, true);
  assert.equal(web.sandbox, true);
  assert.equal(web.nodeIntegration, false);
  assert.equal(web.nodeIntegrationInWorker, false);
  assert.equal(web.nodeIntegrationInSubFrames, false);
  assert.equal(web.webSecurity, true);
  assert.equal(web.allowRunningInsecureContent, false);
  assert.equal(web.webviewTag, false);
  assert.equal(web.experimentalFeatures, false);
  assert.equal(web.preload, paths.preload);
  assert.equal('enableRemoteModule' in web, false);
  assert.equal('enableBlinkFeatures' in web, false);
});

test('the window starts hidden (shown when ready) with the app icon', () => {
  const options = mainWindowOptions(paths);
  assert.equal(options.show, false);
  assert.equal(options.icon, paths.windowIcon);
});

class FakeWebContents extends EventEmitter {
  readonly sent: unknown[][] = [];
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  isDestroyed(): boolean {
    return false;
  }
}

class FakeWindow extends EventEmitter implements MainWindowLike {
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  minimized = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }
  loadFile(filePath: string): Promise<void> {
    this.calls.push(`loadFile ${filePath}`);
    return Promise.resolve();
  }
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return false;
  }
}

test('the window loads the renderer with loadFile and shows itself when ready', async () => {
  const { window, loaded } = openMainWindow({
    create: (options) => new FakeWindow(options),
    paths,
    dialRequests: new DialRequestQueue(),
    deliverDialRequest: () => {},
    onClosed: () => {},
  });
  await loaded;
  assert.deepEqual(window.options, mainWindowOptions(paths));
  assert.deepEqual(window.calls, [`loadFile ${paths.indexHtml}`]);
  window.emit('ready-to-show');
  assert.deepEqual(window.calls.slice(1), ['show']);
});

test('sip: links wait for the page to load, and wait again while it reloads or after it closed', () => {
  const dialRequests = new DialRequestQueue();
  const delivered: string[] = [];
  let closed = 0;
  const { window } = openMainWindow({
    create: (options) => new FakeWindow(options),
    paths,
    dialRequests,
    deliverDialRequest: (uri) => delivered.push(uri),
    onClosed: () => closed++,
  });
  dialRequests.request('sip:early@example.com');
  window.webContents.emit('did-finish-load');
  assert.deepEqual(delivered, ['sip:early@example.com']);
  window.webContents.emit('did-start-loading');
  dialRequests.request('sip:during-reload@example.com');
  assert.deepEqual(delivered, ['sip:early@example.com']);
  window.webContents.emit('did-finish-load');
  assert.deepEqual(delivered, ['sip:early@example.com', 'sip:during-reload@example.com']);
  window.emit('closed');
  dialRequests.request('sip:after-close@example.com');
  assert.equal(closed, 1);
  assert.deepEqual(dialRequests.pending, ['sip:after-close@example.com']);
});

test('bringToFront restores a minimised window, shows and focuses it; no window is fine', () => {
  const window = new FakeWindow({});
  window.minimized = true;
  bringToFront(window);
  assert.deepEqual(window.calls, ['restore', 'show', 'focus']);
  bringToFront(undefined);
});

test('an incoming call can ring before the user has clicked in the window', () => {
  assert.equal(mainWindowOptions(paths).webPreferences?.autoplayPolicy, 'no-user-gesture-required');
});
