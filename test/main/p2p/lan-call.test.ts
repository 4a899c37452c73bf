import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import type { NoiseSecretStream } from 'hyperdht';
import { keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { DhtNode } from '../../../src/main/p2p/dht-node.js';
import { connectOverLan, startLanDiscovery } from '../../../src/main/p2p/lan-connect.js';
import type { LanDiscovery, LanPeer } from '../../../src/main/p2p/lan-discovery.js';

/** A UDP port on loopback that nothing listens on once this returns. */
async function unusedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function discoveredIdentity(discovery: LanDiscovery, identityKey: Buffer): Promise<LanPeer> {
  const [known] = discovery.find(identityKey);
  if (known) return Promise.resolve(known);
  return new Promise((resolve) => {
    const off = discovery.on('peerDiscovered', (peer) => {
      if (!peer.identityKey.equals(identityKey)) return;
      off();
      resolve(peer);
    });
  });
}

function nextData(stream: NoiseSecretStream): Promise<string> {
  return new Promise((resolve) => stream.once('data', (data: Buffer) => resolve(data.toString())));
}

/** Datagrams are unreliable: send until one arrives (on loopback the first does). */
async function datagramArrives(from: NoiseSecretStream, to: NoiseSecretStream, text: string): Promise<string> {
  const arrived = new Promise<string>((resolve) => to.once('message', (message: Buffer) => resolve(message.toString())));
  let timer: NodeJS.Timeout | undefined;
  const resend = (): void => {
    from.send(Buffer.from(text));
    timer = setTimeout(resend, 200);
  };
  resend();
  return arrived.finally(() => clearTimeout(timer));
}

test('two nodes with no reachable bootstrap find each other on the LAN and talk over an encrypted connection', { timeout: 60_000 }, async (t) => {
  // The only bootstrap node is a loopback port where nothing listens: no DHT, no internet.
  const bootstrap = [{ host: '127.0.0.1', port: await unusedUdpPort() }];
  // The discovery group on a port of this test's own, confined to the loopback interface.
  const medium = { port: await unusedUdpPort(), interfaces: () => ['127.0.0.1'] };
  const alice = { identity: keyPairFromSeed(randomBytes(32)), device: keyPairFromSeed(randomBytes(32)), node: new DhtNode({ bootstrap }) };
  const bob = { identity: keyPairFromSeed(randomBytes(32)), device: keyPairFromSeed(randomBytes(32)), node: new DhtNode({ bootstrap }) };
  const cleanup: Array<() => unknown> = [];
  t.after(async () => {
    for (const step of cleanup.reverse()) await step();
  });
  cleanup.push(() => alice.node.close(), () => bob.node.close());

  // Bob's phone listens with its device key, as it would for calls over the DHT.
  const server = bob.node.dht.createServer();
  const incoming = new Promise<NoiseSecretStream>((resolve) => server.on('connection', resolve));
  // listen() resolves only after its first announce round, which with no bootstrap times out;
  // the server takes handshakes from the moment the node is bound.
  server.listen(bob.device).catch(() => undefined);

  const aliceLan = await startLanDiscovery({ dht: alice.node.dht, identity: alice.identity, device: alice.device, medium });
  cleanup.push(() => aliceLan.close());
  const bobLan = await startLanDiscovery({ dht: bob.node.dht, identity: bob.identity, device: bob.device, medium });
  cleanup.push(() => bobLan.close());

  const bobSeenByAlice = await within(5_000, 'alice hears bob', discoveredIdentity(aliceLan, bob.identity.publicKey));
  await within(5_000, 'bob hears alice', discoveredIdentity(bobLan, alice.identity.publicKey));
  assert.deepEqual(bobSeenByAlice.deviceKey, bob.device.publicKey);
  assert.deepEqual(bobSeenByAlice.addresses[0], { host: '127.0.0.1', port: bob.node.dht.localAddress()?.port });
  assert.notEqual(alice.node.status.state, 'online', 'there really is no DHT');

  const outgoing = connectOverLan(alice.node.dht, bobSeenByAlice, alice.device);
  outgoing.on('error', () => undefined);
  cleanup.push(() => outgoing.destroy());
  const answering = await within(5_000, 'bob accepts the connection', incoming);
  answering.on('error', () => undefined);
  cleanup.push(() => answering.destroy());
  assert.equal(await within(5_000, 'the handshake', outgoing.opened), true);
  assert.deepEqual(outgoing.remotePublicKey, bob.device.publicKey, 'alice reached bob\'s device, proven by Noise');
  assert.deepEqual(answering.remotePublicKey, alice.device.publicKey, 'bob knows it is alice\'s device');

  const atBob = nextData(answering);
  outgoing.write(Buffer.from('INVITE sip:bob SIP/2.0\r\n\r\n'));
  assert.equal(await within(5_000, 'bytes to bob', atBob), 'INVITE sip:bob SIP/2.0\r\n\r\n');
  const atAlice = nextData(outgoing);
  answering.write(Buffer.from('SIP/2.0 200 OK\r\n\r\n'));
  assert.equal(await within(5_000, 'bytes to alice', atAlice), 'SIP/2.0 200 OK\r\n\r\n');

  assert.equal(await within(5_000, 'a datagram to bob', datagramArrives(outgoing, answering, 'rtp from alice')), 'rtp from alice');
  assert.equal(await within(5_000, 'a datagram to alice', datagramArrives(answering, outgoing, 'rtp from bob')), 'rtp from bob');
});
