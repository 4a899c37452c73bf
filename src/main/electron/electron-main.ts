/**
 * The desktop app's composition root, the only file that imports 'electron'. Every decision lives
 * in a small module beside it that is tested under plain Node; this file only wires them to
 * Electron's objects, in startup order: command line → single-instance lock → sip: handler →
 * core → session policy → IPC → window → tray.
 */
import { join } from 'node:path';
import { BrowserWindow, Menu, Tray, app, dialog, ipcMain, session, shell, utilityProcess } from 'electron';
import { ParleyNode } from '../node/parley-node.js';
import { defaultDataDir } from '../profile/data-dir.js';
import { utilityProcessLauncher } from './media-process-launcher.js';
import { appPaths } from './app-paths.js';
import { withContentSecurityPolicy } from './content-security-policy-header.js';
import { parseDesktopCommandLine } from './desktop-command-line.js';
import { DialRequestQueue } from './dial-request-queue.js';
import { installGracefulQuit } from './graceful-quit.js';
import { IpcBridge } from './ipc-bridge.js';
import { bringToFront, openMainWindow } from './main-window.js';
import { applyNavigationPolicy, externalWebUrl } from './navigation-policy.js';
import { ParleyTray } from './parley-tray.js';
import { isPermissionGranted } from './permission-policy.js';
import { findSipLink, parseSipLink } from './sip-link.js';
import { sipProtocolClientCalls } from './sip-protocol-registration.js';
import { startupFailureMessage } from './startup-failure-message.js';

const paths = appPaths(app.getAppPath());
const dialRequests = new DialRequestQueue();
let node: ParleyNode | undefined;
let mainWindow: BrowserWindow | undefined;
let tray: ParleyTray<Menu> | undefined;

function fail(title: string, content: string): void {
  dialog.showErrorBox(title, content);
  app.exit(1);
}

function requestDial(uri: string | undefined): void {
  if (uri === undefined) return;
  dialRequests.request(uri);
  bringToFront(mainWindow);
}

function openExternal(url: string): void {
  const safe = externalWebUrl(url);
  if (safe !== undefined) shell.openExternal(safe).catch((error: unknown) => console.warn(`parley: cannot open ${safe}:`, error));
}

function createWindow(started: ParleyNode): void {
  const { window, loaded } = openMainWindow({
    create: (options) => new BrowserWindow(options),
    paths,
    dialRequests,
    deliverDialRequest: (uri) => started.requestDial(uri),
    onClosed: () => (mainWindow = undefined),
  });
  mainWindow = window;
  loaded.catch((error: unknown) => {
    // ERR_ABORTED: another load (a reload) replaced this one, which is not a failure.
    if (error instanceof Error && (error as Error & { code?: unknown }).code === 'ERR_ABORTED') return;
    fail('Parley could not show its window', `The UI at ${paths.indexHtml} did not load (${String(error)}). Run "npm run build".`);
  });
}

function installSessionPolicy(): void {
  const { webRequest } = session.defaultSession;
  webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) }),
  );
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl, mediaTypes }, paths.indexUrl));
  });
  session.defaultSession.setPermissionCheckHandler((contents, permission, _origin, details) => {
    const requestingUrl = details.requestingUrl ?? contents?.getURL();
    const mediaTypes = details.mediaType === undefined ? undefined : [details.mediaType];
    return isPermissionGranted({ permission, requestingUrl, mediaTypes }, paths.indexUrl);
  });
}

async function start(dataDir: string): Promise<void> {
  try {
    node = await ParleyNode.start({ dataDir, shell: 'electron', mediaProcess: utilityProcessLauncher(utilityProcess) });
  } catch (error) {
    const message = startupFailureMessage(error, dataDir);
    fail(message.title, message.content);
    return;
  }
  const started = node;
  installSessionPolicy();
  IpcBridge.install({
    ipcMain,
    api: started.api,
    indexUrl: paths.indexUrl,
    target: () => mainWindow?.webContents,
    onRefused: (url) => console.warn(`parley: refused an API call from ${url ?? 'a frame that is gone'}`),
  });
  createWindow(started);
  app.on('activate', () => (mainWindow ? bringToFront(mainWindow) : createWindow(started)));
  try {
    tray = new ParleyTray({
      tray: new Tray(paths.trayIcon),
      buildMenu: (template) => Menu.buildFromTemplate(template),
      api: started.api,
      showWindow: () => (mainWindow ? bringToFront(mainWindow) : createWindow(started)),
      quit: () => app.quit(),
      onFault: (message) => console.warn(`parley: ${message}`),
    });
    void tray.refresh();
  } catch (error) {
    // Some desktops have no tray; the window has everything the tray has.
    console.warn('parley: no tray icon:', error);
  }
}

function main(): void {
  const commandLine = parseDesktopCommandLine(process.argv);
  if (!commandLine.ok) {
    fail('Parley could not start', commandLine.message);
    return;
  }
  const dataDir = commandLine.value.dataDir ?? defaultDataDir();
  // Chromium's own files live apart from the profile, and a separate --data gets a separate
  // single-instance lock, so two profiles can run side by side (two people on one machine).
  app.setPath('userData', join(dataDir, 'electron'));
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.setAppUserModelId('org.parley.app');
  for (const call of sipProtocolClientCalls({ defaultApp: process.defaultApp, execPath: process.execPath, argv: process.argv })) {
    app.setAsDefaultProtocolClient(...call);
  }
  app.on('second-instance', (_event, argv) => {
    bringToFront(mainWindow);
    requestDial(findSipLink(argv));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    requestDial(parseSipLink(url));
  });
  requestDial(commandLine.value.sipLink);
  app.on('web-contents-created', (_event, contents) => applyNavigationPolicy(contents, { indexUrl: paths.indexUrl, openExternal }));
  // A phone must keep ringing with its window closed: with a tray icon the app stays there
  // (Quit is in the tray menu); without one it quits, except on macOS where the dock keeps it.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin' && !tray) app.quit();
  });
  installGracefulQuit({
    app,
    close: async () => {
      tray?.dispose();
      await node?.close();
    },
    onFault: (message) => console.error(`parley: ${message}`),
  });
  app.whenReady().then(
    () => start(dataDir),
    (error: unknown) => fail('Parley could not start', String(error)),
  );
}

main();
