import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import type { PeerConnection } from '../../../src/main/p2p/peer-connection.js';
import { PeerConnector, type PeerConnectorOptions } from '../../../src/main/p2p/peer-connector.js';
import type { PeerChannelCloseReason, PeerDatagramChannel } from '../../../src/main/p2p/peer-datagram-channel.js';
import { isPeerError } from '../../../src/main/p2p/peer-error.js';
import { HIGHER_KEY_CHANNEL_BASE, MAX_DATAGRAM_PAYLOAD_BYTES } from '../../../src/main/p2p/peer-wire.js';
import { seededRandom } from '../../../src/main/seeded-random.js';
import { LocalTestnet } from '../../helpers/local-testnet.js';
import { within } from '../../helpers/within.js';

const STEP_MS = 10_000;


const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Collects what arrives on a channel. */
function collect(channel: PeerDatagramChannel): Buffer[] {
  const received: Buffer[] = [];
  channel.onDatagram((payload) => received.push(Buffer.from(payload)));
  return received;
}

async function until(what: string, condition: () => boolean, ms = STEP_MS): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited >= ms) throw new Error(`${what}: not after ${ms} ms`);
    await settle(10);
  }
}

describe('datagram channels on a peer connection', () => {
  let testnet: LocalTestnet;
  const connectors: PeerConnector[] = [];

  /** Two connected devices: the connection as each end holds it. */
  async function connectedPair(options: Partial<Omit<PeerConnectorOptions, 'dht' | 'keyPair'>> = {}): Promise<[PeerConnection, PeerConnection]> {
    const [alice, bob] = await Promise.all(
      [0, 1].map(async () => {
        const connector = new PeerConnector({ dht: await testnet.createNode(), keyPair: keyPairFromSeed(generateSeed()), ...options });
        connectors.push(connector);
        await connector.listen();
        return connector;
      }),
    );
    assert.ok(alice && bob);
    const atBob = new Promise<PeerConnection>((resolve) => bob.on('connectionOpened', resolve));
    const atAlice = await within(STEP_MS, 'connect', alice.connect(bob.publicKey));
    return [atAlice, await within(STEP_MS, 'incoming', atBob)];
  }

  before(async () => {
    testnet = await LocalTestnet.start(10);
  });

  after(async () => {
    await Promise.allSettled(connectors.map((connector) => connector.close()));
    await testnet.close();
  });

  test('two channels carry datagrams both ways, each only its own, beside the SIP stream', async () => {
    const [atAlice, atBob] = await connectedPair();
    const first = atAlice.allocateDatagramChannelId();
    const second = atAlice.allocateDatagramChannelId();
    assert.notEqual(first, second);
    const [aliceFirst, aliceSecond, bobFirst, bobSecond] = [atAlice.openDatagramChannel(first), atAlice.openDatagramChannel(second), atBob.openDatagramChannel(first), atBob.openDatagramChannel(second)];
    const [gotAliceFirst, gotAliceSecond, gotBobFirst, gotBobSecond] = [aliceFirst, aliceSecond, bobFirst, bobSecond].map(collect);
    const sipAtBob: Buffer[] = [];
    atBob.sipStream.on('data', (chunk: Buffer) => sipAtBob.push(chunk));

    for (let i = 0; i < 20; i++) {
      aliceFirst.send(Buffer.from(`a1-${i}`));
      aliceSecond.send(Buffer.from(`a2-${i}`));
      bobFirst.send(Buffer.from(`b1-${i}`));
      bobSecond.send(Buffer.from(`b2-${i}`));
      atAlice.sipStream.write(`MESSAGE ${i}\r\n`);
    }
    await until('all datagrams', () => [gotAliceFirst, gotAliceSecond, gotBobFirst, gotBobSecond].every((got) => got?.length === 20));
    const texts = (got: Buffer[] | undefined): string[] => (got ?? []).map((b) => b.toString()).sort();
    const expected = (prefix: string): string[] => Array.from({ length: 20 }, (_, i) => `${prefix}-${i}`).sort();
    assert.deepEqual(texts(gotBobFirst), expected('a1'));
    assert.deepEqual(texts(gotBobSecond), expected('a2'));
    assert.deepEqual(texts(gotAliceFirst), expected('b1'));
    assert.deepEqual(texts(gotAliceSecond), expected('b2'));
    await until('SIP bytes', () => Buffer.concat(sipAtBob).toString().endsWith('MESSAGE 19\r\n'));
    assert.equal(atAlice.datagramStats.sent, 40);
    assert.equal(atBob.datagramStats.received, 40);
  });

  test('ids come from each device’s own half, so two sides allocating at once never collide', async () => {
    const [atAlice, atBob] = await connectedPair();
    const lower = atAlice.decides ? atAlice : atBob;
    const higher = atAlice.decides ? atBob : atAlice;
    assert.ok(lower.allocateDatagramChannelId() < HIGHER_KEY_CHANNEL_BASE);
    assert.ok(higher.allocateDatagramChannelId() >= HIGHER_KEY_CHANNEL_BASE);
    const taken = lower.allocateDatagramChannelId();
    lower.openDatagramChannel(taken + 1);
    assert.equal(lower.allocateDatagramChannelId(), taken + 2, 'an open id is skipped');
  });

  test('a datagram of the largest payload goes through; one byte more is refused with PEER_DATAGRAM_TOO_LARGE', async () => {
    const [atAlice, atBob] = await connectedPair();
    const sending = atAlice.openDatagramChannel(5);
    const got = collect(atBob.openDatagramChannel(5));
    const largest = Buffer.alloc(MAX_DATAGRAM_PAYLOAD_BYTES, 0x5a);
    sending.send(largest);
    await until('the largest datagram', () => got.length === 1);
    assert.deepEqual(got[0], largest);
    assert.throws(() => sending.send(Buffer.alloc(MAX_DATAGRAM_PAYLOAD_BYTES + 1)), (error) => isPeerError(error, 'PEER_DATAGRAM_TOO_LARGE'));
  });

  test('channel ids are checked, closed channels refuse to send, and strays are counted, not delivered', async () => {
    const [atAlice, atBob] = await connectedPair();
    assert.throws(() => atAlice.openDatagramChannel(0), (error) => isPeerError(error, 'PEER_BAD_CHANNEL'));
    assert.throws(() => atAlice.openDatagramChannel(2 ** 32), (error) => isPeerError(error, 'PEER_BAD_CHANNEL'));
    const channel = atAlice.openDatagramChannel(9);
    assert.throws(() => atAlice.openDatagramChannel(9), (error) => isPeerError(error, 'PEER_BAD_CHANNEL'));
    const reasons: PeerChannelCloseReason[] = [];
    channel.onClosed((reason) => reasons.push(reason));
    channel.send(Buffer.from('nobody listens on 9 at bob'));
    await until('the stray', () => atBob.datagramStats.unroutable === 1);
    channel.close();
    assert.deepEqual(reasons, ['closed']);
    assert.throws(() => channel.send(Buffer.from('x')), (error) => isPeerError(error, 'PEER_CHANNEL_CLOSED'));
    assert.doesNotThrow(() => atAlice.openDatagramChannel(9), 'a closed id can be opened again');
  });

  test('closing the connection closes its channels', async () => {
    const [atAlice, atBob] = await connectedPair();
    const atBobChannel = atBob.openDatagramChannel(3);
    const closed = new Promise<PeerChannelCloseReason>((resolve) => atBobChannel.onClosed(resolve));
    atAlice.close();
    assert.equal(await within(STEP_MS, 'channel closed', closed), 'connection-closed');
    assert.equal(atBobChannel.isOpen, false);
    assert.throws(() => atBob.openDatagramChannel(4), (error) => isPeerError(error, 'PEER_CONNECTION_CLOSED'));
  });

  test('under 10% datagram loss the media keeps flowing, the SIP stream is untouched, the connection stays', async () => {
    const random = seededRandom(0x5eed);
    const [atAlice, atBob] = await connectedPair({ dropDatagram: () => random() < 0.1 });
    const aliceAudio = atAlice.openDatagramChannel(11);
    const bobAudio = atBob.openDatagramChannel(11);
    const gotAtBob = collect(bobAudio);
    const gotAtAlice = collect(aliceAudio);
    const sipAtBob: Buffer[] = [];
    atBob.sipStream.on('data', (chunk: Buffer) => sipAtBob.push(chunk));

    const packets = 500;
    for (let i = 0; i < packets; i++) {
      const packet = Buffer.alloc(160, i & 0xff); // a 20 ms G.711 frame's size
      packet.writeUInt16BE(i, 0);
      aliceAudio.send(packet);
      bobAudio.send(packet);
      if (i % 50 === 0) atAlice.sipStream.write(`INFO ${i}\r\n`);
      if (i % 25 === 24) await settle(2); // paced like a burst of frames, not a flood
    }
    const lostByAlice = atAlice.datagramStats.lost;
    const lostByBob = atBob.datagramStats.lost;
    await until('the surviving datagrams', () => gotAtBob.length === packets - lostByAlice && gotAtAlice.length === packets - lostByBob);

    for (const lost of [lostByAlice, lostByBob]) assert.ok(lost > packets * 0.05 && lost < packets * 0.15, `${lost} of ${packets} dropped`);
    const sequences = new Set(gotAtBob.map((packet) => packet.readUInt16BE(0)));
    assert.equal(sequences.size, gotAtBob.length, 'no datagram duplicated');
    assert.ok(atAlice.isOpen && atBob.isOpen);
    await until('SIP bytes', () => Buffer.concat(sipAtBob).toString().endsWith('INFO 450\r\n'));
    assert.equal(Buffer.concat(sipAtBob).toString(), Array.from({ length: 10 }, (_, i) => `INFO ${i * 50}\r\n`).join(''));
  });
});
