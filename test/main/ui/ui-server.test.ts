import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { ApiService } from '../../../src/main/api/api-service.js';
import { isParleyError } from '../../../src/main/parley-error.js';
import { UiServer } from '../../../src/main/ui/ui-server.js';
import { inMemoryHandlers } from '../../helpers/in-memory-handlers.js';
import { tempDir } from '../../helpers/temp-dir.js';

const TOKEN = 'test-token-abcdefghijklmnopqrstuv';

function makeApi(): ApiService {
  const api: ApiService = new ApiService(inMemoryHandlers((name, payload) => api.emit(name, payload)));
  return api;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function fetchRaw(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>)));
}

describe('the served UI', () => {
  let server: UiServer;
  let port: number;
  let rendererDir: string;

  before(async () => {
    // Made here, not with tempDir(): a folder made in a hook must live until the suite's end.
    rendererDir = await mkdtemp(join(tmpdir(), 'parley-renderer-'));
    await mkdir(join(rendererDir, 'assets'));
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Parley</title>');
    await writeFile(join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
    server = await UiServer.start({ api: makeApi(), listen: { host: '127.0.0.1', port: 0 }, rendererDir, token: TOKEN });
    port = server.address.port;
  });
  after(async () => {
    await server.close();
    await rm(rendererDir, { recursive: true, force: true });
  });

  test('prints a URL that carries the token', () => {
    assert.equal(server.url, `http://127.0.0.1:${port}/?token=${TOKEN}`);
  });

  test('refuses the page without the token', async () => {
    const reply = await fetchRaw(port, '/');
    assert.equal(reply.status, 401);
    assert.match(reply.body, /link that parley serve printed/);
  });

  test('refuses assets and a wrong token too', async () => {
    assert.equal((await fetchRaw(port, '/assets/app-1234.js')).status, 401);
    assert.equal((await fetchRaw(port, '/?token=wrong')).status, 401);
  });

  test('trades the token in the URL for an HttpOnly cookie and drops it from the address', async () => {
    const reply = await fetchRaw(port, `/?token=${TOKEN}`);
    assert.equal(reply.status, 303);
    assert.equal(reply.headers['location'], '/');
    const cookie = String(reply.headers['set-cookie']);
    assert.match(cookie, new RegExp(`^parley_token_${port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`));
  });

  test('serves the page with the cookie, under a strict CSP', async () => {
    const reply = await fetchRaw(port, '/', { headers: { cookie: `parley_token_${port}=${TOKEN}` } });
    assert.equal(reply.status, 200);
    assert.match(reply.body, /<title>Parley<\/title>/);
    assert.match(String(reply.headers['content-security-policy']), /script-src 'self'/);
    assert.match(String(reply.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  });

  test('never serves a file outside the built UI', async () => {
    const cookie = { cookie: `parley_token_${port}=${TOKEN}` };
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fetc%2fpasswd', '/%00']) {
      assert.equal((await fetchRaw(port, path, { headers: cookie })).status, 404, path);
    }
  });

  test('answers only to its loopback names (DNS rebinding)', async () => {
    const reply = await fetchRaw(port, `/?token=${TOKEN}`, { headers: { host: `evil.example:${port}` } });
    assert.equal(reply.status, 403);
  });

  test('refuses an HTTP API call without the token, and answers it with the token', async () => {
    const json = { 'content-type': 'application/json' };
    const refused = await fetchRaw(port, '/api/getProfile', { method: 'POST', headers: json, body: '{}' });
    assert.equal(refused.status, 401);
    assert.equal(JSON.parse(refused.body).error.code, 'UNAUTHORIZED');
    const answered = await fetchRaw(port, '/api/getProfile', { method: 'POST', headers: { ...json, authorization: `Bearer ${TOKEN}` }, body: '{}' });
    assert.equal(answered.status, 200);
    assert.deepEqual(JSON.parse(answered.body), { ok: true, value: { displayName: 'Alice', uri: 'sip:alice@parley.invalid', identityKey: 'alice' } });
  });

  test('answers bad HTTP API calls with a typed error and status', async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const cases: Array<[string, { method?: string; headers?: Record<string, string>; body?: string }, number, string]> = [
      ['/api/setMuted', { method: 'POST', headers: auth, body: '{"muted":"loud"}' }, 400, 'BAD_ARGUMENT'],
      ['/api/nope', { method: 'POST', headers: auth, body: '{}' }, 404, 'UNKNOWN_COMMAND'],
      ['/api/getProfile', { method: 'POST', headers: auth, body: '{not json' }, 400, 'BAD_REQUEST'],
      ['/api/getProfile', { method: 'GET', headers: auth }, 405, 'BAD_REQUEST'],
      ['/api/getProfile', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: '{}' }, 415, 'BAD_REQUEST'],
      ['/api/setDisplayName', { method: 'POST', headers: auth, body: JSON.stringify({ displayName: 'x'.repeat(70 * 1024) }) }, 413, 'BAD_REQUEST'],
    ];
    for (const [path, options, status, code] of cases) {
      const reply = await fetchRaw(port, path, options);
      assert.equal(reply.status, status, `${options.method} ${path}`);
      assert.equal(JSON.parse(reply.body).error.code, code);
    }
  });

  test('refuses a WebSocket without the token or from another site', async () => {
    await assert.rejects(openSocket(`ws://127.0.0.1:${port}/api/ws`), /HTTP 401/);
    await assert.rejects(openSocket(`ws://127.0.0.1:${port}/api/ws?token=wrong`), /HTTP 401/);
    await assert.rejects(
      openSocket(`ws://127.0.0.1:${port}/api/ws`, { cookie: `parley_token_${port}=${TOKEN}`, origin: 'http://evil.example' }),
      /HTTP 403/,
    );
  });

  test('carries commands and events over the WebSocket with the cookie', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${port}/api/ws`, { cookie: `parley_token_${port}=${TOKEN}`, origin: `http://127.0.0.1:${port}` });
    try {
      const messages: Array<Record<string, unknown>> = [];
      const both = new Promise<void>((resolve) =>
        socket.on('message', (data) => {
          messages.push(JSON.parse(String(data)) as Record<string, unknown>);
          if (messages.length === 2) resolve();
        }),
      );
      socket.send(JSON.stringify({ type: 'request', id: 7, command: 'setMuted', args: { muted: true } }));
      await both;
      assert.deepEqual(messages.find((m) => m['type'] === 'event'), { type: 'event', name: 'muteChanged', payload: { muted: true } });
      assert.deepEqual(messages.find((m) => m['type'] === 'response'), { type: 'response', id: 7, ok: true, value: { muted: true } });
    } finally {
      socket.close();
    }
  });

  test('answers garbage on the WebSocket with BAD_REQUEST and stays open', async () => {
    const socket = await openSocket(`ws://127.0.0.1:${port}/api/ws?token=${TOKEN}`);
    try {
      for (const garbage of ['not json', '{"type":"request"}', '[1,2,3]', '{"type":"request","id":-1,"command":"getProfile"}']) {
        const reply = nextMessage(socket);
        socket.send(garbage);
        assert.equal(((await reply)['error'] as { code: string }).code, 'BAD_REQUEST', garbage);
      }
      const reply = nextMessage(socket);
      socket.send(JSON.stringify({ type: 'request', id: 1, command: 'getMuted', args: {} }));
      assert.equal((await reply)['ok'], true, 'still serving after garbage');
    } finally {
      socket.close();
    }
  });

  test('says clearly when the port is taken', async () => {
    await assert.rejects(
      UiServer.start({ api: makeApi(), listen: { host: '127.0.0.1', port }, rendererDir }),
      (error) => isParleyError(error, 'LISTEN_FAILED') && /in use/.test(error.message),
    );
  });

  test('takes a free port instead when the default one is taken', async () => {
    const other = await UiServer.start({ api: makeApi(), listen: { host: '127.0.0.1', port }, rendererDir, fallbackToFreePort: true });
    assert.notEqual(other.address.port, port);
    await other.close();
  });

  test('says the UI is not built when it is missing', async () => {
    const empty = await tempDir('parley-empty');
    await assert.rejects(UiServer.start({ api: makeApi(), listen: { host: '127.0.0.1', port: 0 }, rendererDir: empty }), (error) => isParleyError(error, 'UI_NOT_BUILT'));
  });
});
