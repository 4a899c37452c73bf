/**
 * The composition root, run under plain Node: 'electron' and the core are replaced by recording
 * fakes (fake-electron/hooks.mjs), so the wiring itself — start order, single instance, sip: links
 * from argv/second instance/open-url, IPC, session policy, window, tray, quit — is checked here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/api-contract.js';
import { BrowserWindow, Tray, app, dialog, ipcMain, preventable, resetFakeElectron, session, FakeWebContents, utilityProcess } from './fake-electron/electron.js';
import { ParleyNode } from './fake-electron/parley-node.js';

register('./fake-electron/hooks.mjs', import.meta.url);

const root = process.env['PARLEY_ROOT'] ?? process.cwd();
const electronMain = pathToFileURL(join(root, 'src/main/electron/electron-main.ts')).href;
const indexUrl = pathToFileURL(join(root, 'dist/renderer/index.html')).href;
const originalArgv = process.argv;
let imports = 0;

/** Imports a fresh copy of the composition root, as if Electron started it with `argv`. */
async function startMain(argv: string[], options: { ready?: boolean } = {}): Promise<void> {
  process.argv = argv;
  await import(`${electronMain}?run=${++imports}`);
  if (options.ready ?? true) {
    app.becomeReady();
    await until(() => BrowserWindow.created.length > 0 || app.exitCode !== undefined);
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(condition(), 'the composition root did not get there');
}

function onlyWindow(): BrowserWindow {
  const [window] = BrowserWindow.created;
  assert.ok(window, 'no window was created');
  return window;
}

function onlyNode(): ParleyNode {
  const [node] = ParleyNode.started;
  assert.ok(node, 'the core was not started');
  return node;
}

let dataDir: string;
beforeEach(() => {
  resetFakeElectron();
  ParleyNode.reset();
  app.appPath = root;
  Object.defineProperty(process, 'defaultApp', { value: true, configurable: true, writable: true });
  dataDir = mkdtempSync(join(tmpdir(), 'parley-electron-main-'));
});
afterEach(() => {
  process.argv = originalArgv;
});

test('start: lock, sip: handler, core on the chosen data folder, secure window, IPC, tray', async () => {
  await startMain(['/x/electron', '.', '--data', dataDir]);
  assert.equal(app.paths.get('userData'), join(dataDir, 'electron'));
  assert.ok(app.log.includes('requestSingleInstanceLock'));
  assert.deepEqual(app.protocolClients, [
    ['sip', process.execPath, [resolve('.')]],
    ['sips', process.execPath, [resolve('.')]],
  ]);
  const { mediaProcess, ...options } = onlyNode().options;
  assert.deepEqual(options, { dataDir, shell: 'electron' });
  // Devices need a media process; the packaged app's fuses leave only Electron's utility process.
  assert.ok(mediaProcess, 'the core is given a media process launcher');
  mediaProcess('/app/media-process.js');
  assert.deepEqual(utilityProcess.forked.map((fork) => fork.modulePath), ['/app/media-process.js']);

  const window = onlyWindow();
  const web = window.options['webPreferences'] as Record<string, unknown>;
  assert.equal(web['sandbox'], true);
  assert.equal(web['contextIsolation'], true);
  assert.equal(web['nodeIntegration'], false);
  assert.equal(web['preload'], join(root, 'dist/preload/index.cjs'));
  assert.deepEqual(window.log, [`loadFile ${join(root, 'dist/renderer/index.html')}`]);

  const [tray] = Tray.created;
  assert.equal(tray?.iconPath, join(root, 'assets/tray-icon.png'));
  assert.ok(ipcMain.handlers.has(IPC_INVOKE_CHANNEL));
  assert.equal(dialog.shown.length, 0);
});

test('the IPC channel answers the app page and refuses others', async (t) => {
  const warnings = t.mock.method(console, 'warn', () => {});
  await startMain(['/x/electron', '.', '--data', dataDir]);
  const handler = ipcMain.handlers.get(IPC_INVOKE_CHANNEL);
  assert.ok(handler);
  assert.deepEqual(await handler({ senderFrame: { url: indexUrl } }, 'setMuted', { muted: true }), { ok: true, value: { muted: true } });
  const refused = (await handler({ senderFrame: { url: 'https://evil.example/' } }, 'setMuted', { muted: false })) as { error: { code: string } };
  assert.equal(refused.error.code, 'UNAUTHORIZED');
  assert.match(String(warnings.mock.calls[0]?.arguments[0]), /refused an API call from https:\/\/evil\.example/);
  assert.equal(onlyNode().core.state.muted, true);
  // The mute made by the window shows in the window (event) and in the tray's checkbox.
  assert.deepEqual(onlyWindow().webContents.sent, [[IPC_EVENT_CHANNEL, 'muteChanged', { muted: true }]]);
  const menu = Tray.created[0]?.menu as Array<{ id?: string; checked?: boolean }>;
  assert.equal(menu.find((item) => item.id === 'mute')?.checked, true);
});

test('a sip: link from argv waits for the page, then arrives as dialRequested', async () => {
  await startMain(['/opt/Parley/parley', '--data', dataDir, 'sip:alice@example.com']);
  const window = onlyWindow();
  assert.deepEqual(window.webContents.sent, []);
  window.webContents.emit('did-finish-load');
  assert.deepEqual(window.webContents.sent, [[IPC_EVENT_CHANNEL, 'dialRequested', { uri: 'sip:alice@example.com' }]]);
  // A page that subscribed too late still finds the link waiting in the core.
  assert.deepEqual(await onlyNode().api.dispatch('takeDialRequests', {}), { ok: true, value: ['sip:alice@example.com'] });
});

test('a second instance brings the window forward and hands over its link; open-url does too', async () => {
  await startMain(['/opt/Parley/parley', '--data', dataDir]);
  const window = onlyWindow();
  window.webContents.emit('did-finish-load');
  app.emit('second-instance', preventable(), ['/opt/Parley/parley', 'sips:bob@example.com'], '/home/me', {});
  assert.ok(window.log.includes('focus'));
  const openUrl = preventable();
  app.emit('open-url', openUrl, 'sip:carol@example.com');
  assert.equal(openUrl.defaultPrevented, true);
  app.emit('open-url', preventable(), 'sip:');
  assert.deepEqual(window.webContents.sent, [
    [IPC_EVENT_CHANNEL, 'dialRequested', { uri: 'sips:bob@example.com' }],
    [IPC_EVENT_CHANNEL, 'dialRequested', { uri: 'sip:carol@example.com' }],
  ]);
});

test('every web contents gets the navigation policy; the session gets the CSP header and permission policy', async () => {
  await startMain(['/opt/Parley/parley', '--data', dataDir]);
  const contents = new FakeWebContents();
  app.emit('web-contents-created', preventable(), contents);
  const navigation = preventable();
  contents.emit('will-navigate', navigation, 'https://evil.example/');
  assert.equal(navigation.defaultPrevented, true);
  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://example.com/' }), { action: 'deny' });

  const { defaultSession } = session;
  let headers: Record<string, string | string[]> | undefined;
  defaultSession.headersListener?.({ responseHeaders: {} }, (response) => (headers = response.responseHeaders));
  assert.match(String(headers?.['Content-Security-Policy']), /default-src 'none'.*frame-ancestors 'none'/);
  const granted: boolean[] = [];
  defaultSession.permissionRequestHandler?.(contents, 'media', (ok) => granted.push(ok), { requestingUrl: indexUrl, mediaTypes: ['audio'], isMainFrame: true });
  defaultSession.permissionRequestHandler?.(contents, 'geolocation', (ok) => granted.push(ok), { requestingUrl: indexUrl, isMainFrame: true });
  assert.deepEqual(granted, [true, false]);
  contents.url = indexUrl;
  assert.equal(defaultSession.permissionCheckHandler?.(contents, 'notifications', 'file:///', { isMainFrame: true }), true);
  assert.equal(defaultSession.permissionCheckHandler?.(contents, 'clipboard-read', 'file:///', { isMainFrame: true }), false);
});

test('quitting waits for the core to close, then quits', async () => {
  await startMain(['/opt/Parley/parley', '--data', dataDir]);
  app.quit();
  await until(() => app.log.includes('quitted'));
  assert.equal(onlyNode().closed, 1);
  assert.equal(Tray.created[0]?.destroyed, true);
});

test('closing the window keeps the phone running in the tray', async () => {
  await startMain(['/opt/Parley/parley', '--data', dataDir]);
  assert.equal(Tray.created.length, 1);
  app.emit('window-all-closed');
  assert.ok(!app.log.includes('quit'), 'no quit while the tray can bring the window back');
  assert.equal(onlyNode().closed, 0, 'the core keeps running to receive calls');
});

test('without the single-instance lock the app quits and starts nothing', async () => {
  app.lockGranted = false;
  await startMain(['/opt/Parley/parley', '--data', dataDir, 'sip:alice@example.com'], { ready: false });
  assert.ok(app.log.includes('quit'));
  assert.deepEqual(app.protocolClients, []);
  app.becomeReady();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(ParleyNode.started, []);
  assert.deepEqual(BrowserWindow.created, []);
});

test('a core that fails to start is shown in a dialog and the app exits', async () => {
  ParleyNode.failWith = new Error('the profile is locked by process 4242');
  await startMain(['/opt/Parley/parley', '--data', dataDir]);
  assert.equal(app.exitCode, 1);
  assert.equal(dialog.shown[0]?.title, 'Parley could not start');
  assert.match(dialog.shown[0]?.content ?? '', /locked by process 4242/);
  assert.deepEqual(BrowserWindow.created, []);
});

test('--data without a folder is shown in a dialog before anything starts', async () => {
  await startMain(['/opt/Parley/parley', '--data'], { ready: false });
  assert.equal(app.exitCode, 1);
  assert.match(dialog.shown[0]?.content ?? '', /--data needs a folder/);
  assert.ok(!app.log.includes('requestSingleInstanceLock'));
});
