import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { test } from 'node:test';
import type { HostPort } from '../../../src/main/p2p/bootstrap-address.js';
import { MulticastLanMedium } from '../../../src/main/p2p/lan-multicast-medium.js';

async function unusedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function inbox(medium: MulticastLanMedium): { next(): Promise<{ text: string; from: HostPort }> } {
  const waiting: Array<(value: { text: string; from: HostPort }) => void> = [];
  const queued: Array<{ text: string; from: HostPort }> = [];
  medium.onDatagram((datagram, from) => {
    const item = { text: datagram.toString(), from };
    const resolve = waiting.shift();
    if (resolve) resolve(item);
    else queued.push(item);
  });
  return {
    next: () => {
      const item = queued.shift();
      return item ? Promise.resolve(item) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

test('multicast on the loopback interface reaches every medium on the group, from the sender\'s address', { timeout: 10_000 }, async (t) => {
  const port = await unusedUdpPort();
  let aliceInterfaces = ['127.0.0.1'];
  const alice = await MulticastLanMedium.open({ port, interfaces: () => aliceInterfaces });
  const bob = await MulticastLanMedium.open({ port, interfaces: () => ['127.0.0.1'] });
  t.after(() => Promise.all([alice.close(), bob.close()]));
  const atBob = inbox(bob);
  const atAlice = inbox(alice);

  await alice.send(Buffer.from('hello'));
  const heard = await atBob.next();
  assert.equal(heard.text, 'hello');
  assert.equal(heard.from.host, '127.0.0.1');
  assert.equal((await atAlice.next()).text, 'hello', 'the sender hears itself (multicast loop), which discovery filters');

  // The interface list is read again before each send: with no interface nothing goes out...
  aliceInterfaces = [];
  await alice.send(Buffer.from('into the void'));
  // ...and an address that is not this host's is counted, not thrown.
  aliceInterfaces = ['127.0.0.1', '192.0.2.254'];
  await alice.send(Buffer.from('back'));
  assert.equal((await atBob.next()).text, 'back', 'nothing was sent while there was no interface');
  assert.ok(alice.failures.join > 0);
});
