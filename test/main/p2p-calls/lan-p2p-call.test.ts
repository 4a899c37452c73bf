import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { nextCallEvent } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../../helpers/tone-files.js';

/** A loopback UDP port nothing listens on: a bootstrap node that never answers. */
async function deadPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * A LAN without internet (issue 5, item 7): no bootstrap answers, so nothing can be looked up
 * in the DHT; the two nodes find each other by multicast (on loopback here) and call by URI.
 */
describe('P2P calls on a LAN with no reachable bootstrap', () => {
  let dir = '';
  const nodes: ParleyNode[] = [];
  before(async () => {
    dir = await tempDir('parley-lan');
    writeToneWav(join(dir, 'a440.wav'), 440, 4);
    writeToneWav(join(dir, 'b1000.wav'), 1000, 30);
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
  });

  test('two nodes discover each other and call: each hears the other’s tone', { timeout: 90_000 }, async () => {
    const bootstrap = [{ host: '127.0.0.1', port: await deadPort() }];
    const bob = await ParleyNode.start({
      dataDir: join(dir, 'bob'),
      bootstrap,
      shell: 'browser',
      calls: { autoAnswer: true, audio: fileCallAudio({ play: join(dir, 'b1000.wav'), record: join(dir, 'bob-heard.wav'), numberRecordings: false, endCallWhenSourceEnds: false }) },
    });
    nodes.push(bob);
    const alice = await ParleyNode.start({ dataDir: join(dir, 'alice'), bootstrap, shell: 'browser' });
    nodes.push(alice);
    await waitFor('Alice hears Bob’s device on the LAN', () => alice.lanPeers(bob.profile.identity.publicKey).length > 0);
    await waitFor('Bob hears Alice’s device on the LAN', () => bob.lanPeers(alice.profile.identity.publicKey).length > 0);
    const call = alice.p2p.call(bob.uri, fileCallAudio({ play: join(dir, 'a440.wav'), record: join(dir, 'alice-heard.wav'), numberRecordings: false, endCallWhenSourceEnds: true })({ callId: '', direction: 'outgoing', ordinal: 1 }));
    const bobEnded = nextCallEvent(bob, 'callEnded', () => true, 60_000);
    await nextCallEvent(alice, 'callEstablished', (e) => e.callId === call.callId, 60_000);
    const ended = await nextCallEvent(alice, 'callEnded', (e) => e.callId === call.callId, 60_000);
    assert.equal(ended.reason, 'played to the end');
    assert.equal((await bobEnded).reason, 'hangup by caller');
    assert.ok(middleToneRatio(join(dir, 'bob-heard.wav'), 440) >= 0.7, 'Bob heard Alice');
    assert.ok(middleToneRatio(join(dir, 'alice-heard.wav'), 1000) >= 0.7, 'Alice heard Bob');
  });
});

async function waitFor(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
