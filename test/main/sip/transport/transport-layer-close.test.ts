import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { systemClock } from '../../../../src/main/clock.js';
import { createTransportLayer, isTransportError, type TransportLayer } from '../../../../src/main/sip/transport/index.js';
import { eventually, LOOPBACK, optionsRequest, RawTcp } from './transport-test-kit.js';

/** Sockets and servers this process holds open. */
function socketHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => /TCP|UDP|Pipe/i.test(name)).length;
}

async function canBindUdp(port: number): Promise<boolean> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, LOOPBACK, resolve);
    });
    return true;
  } catch {
    return false;
  } finally {
    socket.close();
  }
}

async function canListenTcp(port: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, LOOPBACK, () => resolve(true));
  });
  await new Promise((resolve) => server.close(resolve));
  return ok;
}

describe('closing the transport layer', () => {
  test('releases its sockets, servers and connections, and refuses to send afterwards', async () => {
    const before = socketHandles();
    const a = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 }, tcp: { host: LOOPBACK, port: 0 } });
    const b: TransportLayer = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 }, tcp: { host: LOOPBACK, port: 0 } });
    const port = b.localAddress('TCP')?.port ?? 0;
    const arrived = new Promise<void>((resolve) => b.onRequest(() => resolve()));
    await a.sendRequest(optionsRequest({ transport: 'TCP', host: LOOPBACK, port: 1 }), { protocol: 'TCP', host: LOOPBACK, port });
    await arrived;
    const raw = await RawTcp.connect(port);
    assert.ok(socketHandles() > before);

    await Promise.all([a.close(), b.close()]);
    await raw.waitClosed('the accepted connection to be closed by close()');
    assert.equal(a.connectionCount('TCP'), 0);
    assert.equal(b.connectionCount('TCP'), 0);
    await eventually(() => socketHandles() === before, 'every socket handle to be released');
    assert.equal(await canBindUdp(port), true, 'the UDP port is free again');
    assert.equal(await canListenTcp(port), true, 'the TCP port is free again');
    await assert.rejects(a.sendRequest(optionsRequest({ transport: 'UDP', host: LOOPBACK, port: 1 }), { protocol: 'UDP', host: LOOPBACK, port }), (e) => isTransportError(e, 'TRANSPORT_CLOSED'));
    await a.close(); // twice is harmless
  });

  test('lets the process exit by itself', () => {
    const fixture = fileURLToPath(new URL('./close-then-exit.fixture.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.error, undefined, 'the process exited before the timeout');
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'closed');
  });
});
