import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { COMMAND_NAMES, type NetworkStatus, type Profile } from '../../src/shared/api-contract.js';
import type { CoreLinkState } from '../../src/renderer/core/core-connection.js';
import { WsApiClient } from '../../src/renderer/core/ws-api-client.js';
import { FakeSchedule } from './fake-schedule.js';
import { FakeWebSocket } from './fake-web-socket.js';

const URL = 'ws://127.0.0.1:7060/api/ws';
const PROFILE: Profile = { displayName: 'Alice', uri: 'sip:ybndrfg8@parley.invalid', identityKey: 'ybndrfg8' };
const ONLINE: NetworkStatus = { state: 'online', peers: 3, bootstrap: ['127.0.0.1:49737'], privateNetwork: true, since: 1, nat: 'unknown', publicAddress: null };

function startClient() {
  const clock = new FakeSchedule();
  const warnings: string[] = [];
  const states: CoreLinkState[] = [];
  const client = new WsApiClient({ url: URL, WebSocket: FakeWebSocket, schedule: clock.schedule, warn: (m) => warnings.push(m) });
  client.onStateChanged((state) => states.push(state));
  client.start();
  return { client, clock, warnings, states };
}

beforeEach(() => FakeWebSocket.reset());

test('opens one socket at the given URL and is connected once the server accepts it', () => {
  const { client, states } = startClient();
  assert.equal(FakeWebSocket.created.length, 1);
  assert.equal(FakeWebSocket.latest().url, URL);
  assert.equal(client.state, 'connecting');
  FakeWebSocket.latest().open();
  assert.equal(client.state, 'connected');
  assert.deepEqual(states, ['connected']);
});

test('offers one function per contract command, and on()', () => {
  const { client } = startClient();
  for (const name of COMMAND_NAMES) assert.equal(typeof client.api[name], 'function', name);
  assert.equal(typeof client.api.on, 'function');
});

test('sends each command as a request envelope with its own increasing id and no token', async () => {
  const { client } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  void client.api.getProfile({});
  void client.api.setDisplayName({ displayName: 'Bob' });
  assert.deepEqual(socket.requests(), [
    { type: 'request', id: 1, command: 'getProfile', args: {} },
    { type: 'request', id: 2, command: 'setDisplayName', args: { displayName: 'Bob' } },
  ]);
  assert.ok(!socket.sent.some((text) => text.includes('token')));
});

test('resolves a request with the value of the response that carries its id', async () => {
  const { client } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const profile = client.api.getProfile({});
  const muted = client.api.getMuted({});
  socket.receive({ type: 'response', id: 2, ok: true, value: { muted: true } });
  socket.receive({ type: 'response', id: 1, ok: true, value: PROFILE });
  assert.deepEqual(await profile, { ok: true, value: PROFILE });
  assert.deepEqual(await muted, { ok: true, value: { muted: true } });
});

test('passes an error response through as the error value', async () => {
  const { client } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const result = client.api.setDisplayName({ displayName: '' });
  const error = { code: 'BAD_ARGUMENT', message: 'setDisplayName: displayName: a display name cannot be empty' };
  socket.receive({ type: 'response', id: 1, ok: false, error });
  assert.deepEqual(await result, { ok: false, error });
});

test('turns a response value that breaks the contract into an INTERNAL error', async () => {
  const { client, warnings } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const result = client.api.getProfile({});
  socket.receive({ type: 'response', id: 1, ok: true, value: { displayName: 42 } });
  const answer = await result;
  assert.equal(answer.ok, false);
  assert.equal(!answer.ok && answer.error.code, 'INTERNAL');
  assert.match(!answer.ok ? answer.error.message : '', /getProfile/);
  assert.equal(warnings.length, 1);
});

test('answers UNAVAILABLE at once, without sending, while the socket is not open', async () => {
  const { client } = startClient();
  const result = await client.api.getProfile({});
  assert.equal(result.ok, false);
  assert.equal(!result.ok && result.error.code, 'UNAVAILABLE');
  assert.deepEqual(FakeWebSocket.latest().sent, []);
});

test('resolves requests pending when the socket closes to UNAVAILABLE', async () => {
  const { client } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const first = client.api.getProfile({});
  const second = client.api.getNetworkStatus({});
  socket.drop();
  for (const result of [await first, await second]) {
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'UNAVAILABLE');
  }
});

test('delivers a valid event to its subscribers until they unsubscribe', () => {
  const { client } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const seen: NetworkStatus[] = [];
  const unsubscribe = client.api.on('networkStatusChanged', (status) => seen.push(status));
  socket.receive({ type: 'event', name: 'networkStatusChanged', payload: ONLINE });
  unsubscribe();
  socket.receive({ type: 'event', name: 'networkStatusChanged', payload: { ...ONLINE, peers: 4 } });
  assert.deepEqual(seen, [ONLINE]);
});

test('hands subscribers the parsed payload (the schema trims a dialled URI)', () => {
  const { client } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const seen: string[] = [];
  client.api.on('dialRequested', ({ uri }) => seen.push(uri));
  socket.receive({ type: 'event', name: 'dialRequested', payload: { uri: '  sip:bob@example.org ' } });
  assert.deepEqual(seen, ['sip:bob@example.org']);
});

test('drops events whose payload breaks the contract, and events it does not know', () => {
  const { client, warnings } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  let calls = 0;
  client.api.on('networkStatusChanged', () => calls++);
  client.api.on('dialRequested', () => calls++);
  socket.receive({ type: 'event', name: 'networkStatusChanged', payload: { ...ONLINE, peers: -1 } });
  socket.receive({ type: 'event', name: 'dialRequested', payload: { uri: 'http://not-sip' } });
  socket.receive({ type: 'event', name: 'somethingNew', payload: {} });
  assert.equal(calls, 0);
  assert.equal(warnings.length, 3);
});

test('drops what is not a server message: binary data, bad JSON, unknown envelopes, unknown ids', () => {
  const { client, warnings } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  socket.receiveRaw(new Uint8Array([1, 2, 3]));
  socket.receive('{not json');
  socket.receive({ type: 'request', id: 1, command: 'getProfile', args: {} });
  socket.receive({ type: 'response', id: 99, ok: true, value: null });
  assert.equal(warnings.length, 4);
  assert.equal(client.state, 'connected');
});

test('keeps delivering to the other listeners when one throws', () => {
  const { client, warnings } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const seen: boolean[] = [];
  client.api.on('muteChanged', () => {
    throw new Error('boom');
  });
  client.api.on('muteChanged', ({ muted }) => seen.push(muted));
  socket.receive({ type: 'event', name: 'muteChanged', payload: { muted: true } });
  assert.deepEqual(seen, [true]);
  assert.match(warnings[0] ?? '', /boom/);
});

test('reconnects after 250 ms, doubling on each failure up to 5 s', () => {
  const { clock } = startClient();
  const delays: number[] = [];
  for (let i = 0; i < 7; i++) {
    FakeWebSocket.latest().drop();
    const [delay] = clock.pendingDelays();
    assert.ok(delay !== undefined, 'a reconnect is scheduled');
    delays.push(delay);
    const before = FakeWebSocket.created.length;
    clock.advance(delay - 1);
    assert.equal(FakeWebSocket.created.length, before, 'not before its time');
    clock.advance(1);
    assert.equal(FakeWebSocket.created.length, before + 1, 'a new socket on time');
  }
  assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 5000, 5000]);
});

test('starts the backoff again from 250 ms once a connection succeeded', () => {
  const { clock } = startClient();
  FakeWebSocket.latest().drop();
  clock.advance(250);
  FakeWebSocket.latest().drop();
  clock.advance(500);
  FakeWebSocket.latest().open();
  FakeWebSocket.latest().drop();
  assert.deepEqual(clock.pendingDelays(), [250]);
});

test('reports the loss and the return of the link, and keeps event subscriptions across it', () => {
  const { client, clock, states } = startClient();
  const seen: boolean[] = [];
  client.api.on('muteChanged', ({ muted }) => seen.push(muted));
  FakeWebSocket.latest().open();
  FakeWebSocket.latest().drop();
  assert.equal(client.state, 'disconnected');
  clock.advance(250);
  FakeWebSocket.latest().open();
  FakeWebSocket.latest().receive({ type: 'event', name: 'muteChanged', payload: { muted: true } });
  assert.deepEqual(states, ['connected', 'disconnected', 'connected']);
  assert.deepEqual(seen, [true]);
});

test('ignores a replaced socket', () => {
  const { client, clock, states } = startClient();
  const old = FakeWebSocket.latest();
  old.open();
  old.drop();
  clock.advance(250);
  FakeWebSocket.latest().open();
  const seen: boolean[] = [];
  client.api.on('muteChanged', ({ muted }) => seen.push(muted));
  old.receive({ type: 'event', name: 'muteChanged', payload: { muted: true } });
  old.drop();
  assert.deepEqual(seen, []);
  assert.equal(client.state, 'connected');
  assert.deepEqual(states, ['connected', 'disconnected', 'connected']);
});

test('close() closes the socket, fails what is pending and stops reconnecting', async () => {
  const { client, clock } = startClient();
  const socket = FakeWebSocket.latest();
  socket.open();
  const pending = client.api.getProfile({});
  client.close();
  assert.equal(socket.closedByClient, true);
  const result = await pending;
  assert.equal(!result.ok && result.error.code, 'UNAVAILABLE');
  clock.advance(60_000);
  assert.equal(FakeWebSocket.created.length, 1);
  assert.equal(client.state, 'disconnected');
});

test('a constructor that throws counts as a failed attempt and is retried', () => {
  let throws = true;
  const clock = new FakeSchedule();
  class Refusing extends FakeWebSocket {
    constructor(url: string) {
      if (throws) throw new SyntaxError('bad URL');
      super(url);
    }
  }
  const client = new WsApiClient({ url: URL, WebSocket: Refusing, schedule: clock.schedule, warn: () => {} }).start();
  assert.deepEqual(clock.pendingDelays(), [250]);
  throws = false;
  clock.advance(250);
  FakeWebSocket.latest().open();
  assert.equal(client.state, 'connected');
});
