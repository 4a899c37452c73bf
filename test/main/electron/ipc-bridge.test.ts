import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  IpcBridge,
  REFUSED_SENDER_RESULT,
  type EventTargetContents,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../../src/main/electron/ipc-bridge.js';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../../src/shared/api-contract.js';
import { createTestApi } from './test-api.js';

const indexUrl = 'file:///app/dist/renderer/index.html';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, listener: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, ...args)` from a frame showing `url` would get. */
  invoke(url: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(IPC_INVOKE_CHANNEL);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${IPC_INVOKE_CHANNEL}'`));
    return handler({ senderFrame: url === null ? null : { url } }, ...args);
  }
}

class FakeWebContents implements EventTargetContents {
  readonly sent: unknown[][] = [];
  destroyed = false;
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

function setUp() {
  const ipcMain = new FakeIpcMain();
  const core = createTestApi();
  const contents = new FakeWebContents();
  const refused: Array<string | undefined> = [];
  let target: FakeWebContents | undefined = contents;
  const bridge = IpcBridge.install({
    ipcMain,
    api: core.api,
    indexUrl,
    target: () => target,
    onRefused: (url) => refused.push(url),
  });
  return { ipcMain, core, contents, refused, bridge, closeWindow: () => (target = undefined) };
}

test('a command from the app page reaches the core and its result comes back', async () => {
  const { ipcMain, core } = setUp();
  assert.deepEqual(await ipcMain.invoke(`${indexUrl}#/settings`, 'setMuted', { muted: true }), { ok: true, value: { muted: true } });
  assert.deepEqual(core.calls, [{ command: 'setMuted', args: { muted: true } }]);
});

test('a bad command name comes back as UNKNOWN_COMMAND from the core', async () => {
  const { ipcMain, core } = setUp();
  const result = await ipcMain.invoke(indexUrl, 'rm -rf', {});
  assert.equal((result as { ok: boolean }).ok, false);
  assert.equal((result as { error: { code: string } }).error.code, 'UNKNOWN_COMMAND');
  assert.deepEqual(core.calls, []);
});

test('bad arguments come back as BAD_ARGUMENT from the core', async () => {
  const { ipcMain } = setUp();
  const result = (await ipcMain.invoke(indexUrl, 'setMuted', { muted: 'yes' })) as { error: { code: string } };
  assert.equal(result.error.code, 'BAD_ARGUMENT');
});

for (const [name, url] of [
  ['a web page', 'https://evil.example/'],
  ['another local file', 'file:///tmp/evil.html'],
  ['a frame that is gone', null],
] as const) {
  test(`a call from ${name} is refused without reaching the core`, async () => {
    const { ipcMain, core, refused } = setUp();
    assert.deepEqual(await ipcMain.invoke(url, 'setMuted', { muted: true }), REFUSED_SENDER_RESULT);
    assert.deepEqual(core.calls, []);
    assert.deepEqual(refused, [url ?? undefined]);
  });
}

test('every core event is sent to the window as (name, payload)', () => {
  const { core, contents } = setUp();
  core.api.emit('muteChanged', { muted: true });
  core.api.emit('dialRequested', { uri: 'sip:alice@example.com' });
  assert.deepEqual(contents.sent, [
    [IPC_EVENT_CHANNEL, 'muteChanged', { muted: true }],
    [IPC_EVENT_CHANNEL, 'dialRequested', { uri: 'sip:alice@example.com' }],
  ]);
});

test('events are dropped, not thrown, while there is no window or it is destroyed', () => {
  const { core, contents, closeWindow } = setUp();
  contents.destroyed = true;
  core.api.emit('muteChanged', { muted: true });
  closeWindow();
  core.api.emit('muteChanged', { muted: false });
  assert.deepEqual(contents.sent, []);
});

test('dispose removes the handler and stops forwarding events', async () => {
  const { ipcMain, core, contents, bridge } = setUp();
  bridge.dispose();
  bridge.dispose();
  assert.equal(ipcMain.handlers.size, 0);
  core.api.emit('muteChanged', { muted: true });
  assert.deepEqual(contents.sent, []);
  await assert.rejects(ipcMain.invoke(indexUrl, 'getMuted', {}), /No handler/);
});
