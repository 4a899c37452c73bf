import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createParleyApi, type IpcRendererPort } from '../../src/preload/create-parley-api.js';
import { COMMAND_NAMES, EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../src/shared/api-contract.js';

type IpcListener = Parameters<IpcRendererPort['on']>[1];

/** An `ipcRenderer` stand-in: records invokes, keeps listeners, and lets the test push events. */
class FakeIpcRenderer implements IpcRendererPort {
  readonly invoked: unknown[][] = [];
  readonly listeners = new Map<string, Set<IpcListener>>();
  readonly invoke = (channel: string, ...args: unknown[]): Promise<unknown> => {
    this.invoked.push([channel, ...args]);
    return Promise.resolve({ ok: true, value: { echoed: args } });
  };
  readonly on = (channel: string, listener: IpcListener): void => {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
  };
  readonly off = (channel: string, listener: IpcListener): void => {
    this.listeners.get(channel)?.delete(listener);
  };
  /** What `webContents.send(IPC_EVENT_CHANNEL, name, payload)` in main does here. */
  push(name: string, payload: unknown): void {
    const ipcEvent = { sender: 'the IpcRenderer itself', senderId: 0 };
    for (const listener of this.listeners.get(IPC_EVENT_CHANNEL) ?? []) listener(ipcEvent, name, payload);
  }
  get eventListenerCount(): number {
    return this.listeners.get(IPC_EVENT_CHANNEL)?.size ?? 0;
  }
}

test('the API has exactly one function per command in the contract, plus on', () => {
  const api = createParleyApi(new FakeIpcRenderer());
  assert.deepEqual(Object.keys(api).sort(), [...COMMAND_NAMES, 'on'].sort());
  for (const key of Object.keys(api)) assert.equal(typeof (api as unknown as Record<string, unknown>)[key], 'function');
  assert.equal(Object.isFrozen(api), true);
});

test('each command invokes the one IPC channel with its name and arguments', async () => {
  const ipc = new FakeIpcRenderer();
  const api = createParleyApi(ipc);
  const result = await api.setMuted({ muted: true });
  await api.getProfile({});
  assert.deepEqual(ipc.invoked, [
    [IPC_INVOKE_CHANNEL, 'setMuted', { muted: true }],
    [IPC_INVOKE_CHANNEL, 'getProfile', {}],
  ]);
  assert.deepEqual(result, { ok: true, value: { echoed: ['setMuted', { muted: true }] } });
});

test('a listener gets only the payload of its own event, never the IpcRendererEvent', () => {
  const ipc = new FakeIpcRenderer();
  const api = createParleyApi(ipc);
  const received: unknown[][] = [];
  api.on('muteChanged', (...args: unknown[]) => received.push(args));
  ipc.push('muteChanged', { muted: true });
  ipc.push('dialRequested', { uri: 'sip:alice@example.com' });
  ipc.push('notAnEvent', { muted: false });
  assert.deepEqual(received, [[{ muted: true }]]);
});

for (const bad of ['muteChange', 'constructor', '__proto__', 'toString', '', 42, undefined]) {
  test(`on(${JSON.stringify(bad) ?? 'undefined'}) is refused with a clear error`, () => {
    const api = createParleyApi(new FakeIpcRenderer());
    assert.throws(
      () => api.on(bad as never, () => {}),
      (error: unknown) => error instanceof TypeError && /parley\.on: there is no event/.test(error.message) && error.message.includes(EVENT_NAMES.join(', ')),
    );
  });
}

test('on refuses a listener that is not a function', () => {
  const api = createParleyApi(new FakeIpcRenderer());
  assert.throws(() => api.on('muteChanged', 'alert(1)' as never), /listener must be a function/);
});

test('unsubscribe stops that listener only, is idempotent, and detaches from IPC when none are left', () => {
  const ipc = new FakeIpcRenderer();
  const api = createParleyApi(ipc);
  const first: unknown[] = [];
  const second: unknown[] = [];
  const offFirst = api.on('muteChanged', (payload) => first.push(payload));
  const offSecond = api.on('muteChanged', (payload) => second.push(payload));
  assert.equal(ipc.eventListenerCount, 1, 'one IPC listener serves every subscription');
  ipc.push('muteChanged', { muted: true });
  offFirst();
  offFirst();
  ipc.push('muteChanged', { muted: false });
  assert.deepEqual(first, [{ muted: true }]);
  assert.deepEqual(second, [{ muted: true }, { muted: false }]);
  offSecond();
  assert.equal(ipc.eventListenerCount, 0);
  api.on('noticeRaised', () => {});
  assert.equal(ipc.eventListenerCount, 1);
});

test('the same function subscribed twice is called twice and unsubscribed one at a time', () => {
  const ipc = new FakeIpcRenderer();
  const api = createParleyApi(ipc);
  let calls = 0;
  const listener = () => calls++;
  const offA = api.on('muteChanged', listener);
  api.on('muteChanged', listener);
  ipc.push('muteChanged', { muted: true });
  offA();
  ipc.push('muteChanged', { muted: true });
  assert.equal(calls, 3);
});

test('a listener that throws does not keep the others from the event', (t) => {
  t.mock.method(console, 'error', () => {});
  const ipc = new FakeIpcRenderer();
  const api = createParleyApi(ipc);
  const received: unknown[] = [];
  api.on('muteChanged', () => {
    throw new Error('bug in a component');
  });
  api.on('muteChanged', (payload) => received.push(payload));
  ipc.push('muteChanged', { muted: true });
  assert.deepEqual(received, [{ muted: true }]);
});
