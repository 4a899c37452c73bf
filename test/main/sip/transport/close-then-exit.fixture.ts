/**
 * Run as a child process by transport-layer-close.test.ts: two layers exchange a request over
 * UDP and over TCP, close, and the process must then exit by itself — a leaked socket, server
 * or timer would keep it alive.
 */
import { systemClock } from '../../../../src/main/clock.js';
import { createTransportLayer } from '../../../../src/main/sip/transport/index.js';
import { optionsRequest } from './transport-test-kit.js';

const host = '127.0.0.1';
const a = await createTransportLayer({ clock: systemClock, udp: { host, port: 0 }, tcp: { host, port: 0 } });
const b = await createTransportLayer({ clock: systemClock, udp: { host, port: 0 }, tcp: { host, port: 0 } });
const arrived = new Promise<void>((resolve) => {
  let count = 0;
  b.onRequest(() => {
    if (++count === 2) resolve();
  });
});
const port = b.localAddress('UDP')?.port ?? 0;
await a.sendRequest(optionsRequest({ transport: 'UDP', host, port: 1 }), { protocol: 'UDP', host, port });
await a.sendRequest(optionsRequest({ transport: 'TCP', host, port: 1 }), { protocol: 'TCP', host, port });
await arrived;
await Promise.all([a.close(), b.close()]);
console.log('closed');
