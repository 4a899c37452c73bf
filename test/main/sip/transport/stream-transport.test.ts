import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { systemClock } from '../../../../src/main/clock.js';
import { createResponse, SIP_MESSAGE_LIMITS, type SipRequest, type SipResponse } from '../../../../src/main/sip/message/index.js';
import {
  createTransportLayer, isTransportError, StreamTransport, type TransportAddress, type TransportLayer, TransportStats,
} from '../../../../src/main/sip/transport/index.js';
import { FakeClock } from '../../../helpers/fake-clock.js';
import { duplexPair, inbox, optionsRequest, Queue, rawMessage, rawOptions, within } from './transport-test-kit.js';

const KEY_A = 'aa'.repeat(32);
const KEY_B = 'bb'.repeat(32);
const peer = (host: string): TransportAddress => ({ protocol: 'PARLEY', host, port: 0 });
const parleyOptions = (host: string): SipRequest => optionsRequest({ transport: 'PARLEY', host, port: 5060 });

/** What arrives on the far end of a stream, as text. */
function reader(stream: Duplex): Queue<string> {
  const queue = new Queue<string>();
  stream.on('data', (chunk: Buffer) => queue.push(chunk.toString('utf8')));
  return queue;
}

describe('stream transport (PARLEY) over a Duplex pair', () => {
  let a: TransportLayer;
  let b: TransportLayer;

  beforeEach(async () => {
    a = await createTransportLayer({ clock: systemClock, stream: { sentBy: { host: 'alice.parley.invalid', port: 5060 } } });
    b = await createTransportLayer({ clock: systemClock, stream: { sentBy: { host: 'bob.parley.invalid', port: 5060 } } });
  });

  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  test('a request reaches the peer by its key and the response comes back on the same stream', async () => {
    const [toB, toA] = duplexPair();
    a.attachStream(toB, peer(KEY_B));
    b.attachStream(toA, peer(KEY_A));
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const responses = inbox<SipResponse>((l) => a.onResponse(l));
    await a.sendRequest(parleyOptions('alice.parley.invalid'), peer(KEY_B));
    const inbound = await requests.next('the OPTIONS at b');
    assert.equal(inbound.source.protocol, 'PARLEY');
    assert.equal(inbound.source.host, KEY_A);
    assert.ok(inbound.source.connectionId);
    assert.equal(inbound.core.vias[0]?.received, undefined, 'a peer key is not an address to stamp');
    assert.deepEqual(inbound.local, { ...b.localAddress('PARLEY'), connectionId: inbound.source.connectionId });
    await b.sendResponse(createResponse(inbound.message, 200), inbound.source);
    const response = await responses.next('the 200 at a');
    assert.equal(response.message.status, 200);
    assert.equal(a.connectionCount('PARLEY'), 1);
  });

  test('frames pipelined and byte-split messages, answers pings, and answers a broken message before ending the stream', async () => {
    const [ours, theirs] = duplexPair();
    b.attachStream(ours, peer(KEY_A));
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const replies = reader(theirs);
    const ended = new Promise<void>((resolve) => theirs.once('end', resolve));
    theirs.write(Buffer.concat([rawOptions('SIP/2.0/PARLEY alice.parley.invalid;branch=z9hG4bKs1'), rawOptions('SIP/2.0/PARLEY alice.parley.invalid;branch=z9hG4bKs2')]));
    for (const byte of rawOptions('SIP/2.0/PARLEY alice.parley.invalid;branch=z9hG4bKs3')) theirs.write(Buffer.from([byte]));
    for (const branch of ['z9hG4bKs1', 'z9hG4bKs2', 'z9hG4bKs3']) assert.equal((await requests.next(branch)).core.vias[0]?.branch, branch);

    theirs.write('\r\n\r\n');
    assert.equal(await replies.next('the pong'), '\r\n');

    theirs.write(rawMessage(['OPTIONS sip:bob@parley.invalid SIP/2.0', 'Via: SIP/2.0/PARLEY alice.parley.invalid;branch=z9hG4bKbad', 'Call-ID: x', 'CSeq: 1 OPTIONS', 'Content-Length: -1']));
    assert.match(await replies.next('the 400'), /^SIP\/2\.0 400 /);
    await within(ended, 3000, 'the stream to end');
    assert.equal(b.connectionCount('PARLEY'), 0);
  });

  test('a peer with no stream and no connect hook is TRANSPORT_CONNECT_FAILED', async () => {
    await assert.rejects(a.sendRequest(parleyOptions('alice.parley.invalid'), peer(KEY_B)), (e) => isTransportError(e, 'TRANSPORT_CONNECT_FAILED'));
  });

  test('only PARLEY addresses attach, and only where a stream transport is configured', async () => {
    const [one] = duplexPair();
    assert.throws(() => a.attachStream(one, { protocol: 'TCP', host: '127.0.0.1', port: 5060 }), (e) => isTransportError(e, 'TRANSPORT_BAD_ADDRESS'));
    const udpOnly = await createTransportLayer({ clock: systemClock, udp: { host: '127.0.0.1', port: 0 } });
    try {
      assert.throws(() => udpOnly.attachStream(one, peer(KEY_B)), (e) => isTransportError(e, 'TRANSPORT_NOT_CONFIGURED'));
    } finally {
      await udpOnly.close();
      one.destroy();
    }
  });

  test('close() destroys the streams it was given', async () => {
    const [toB] = duplexPair();
    a.attachStream(toB, peer(KEY_B));
    await a.close();
    assert.equal(toB.destroyed, true);
    await assert.rejects(a.sendRequest(parleyOptions('alice.parley.invalid'), peer(KEY_B)), (e) => isTransportError(e, 'TRANSPORT_CLOSED'));
  });
});

describe('stream transport with a connect hook', () => {
  test('opens one stream on demand and reuses it', async () => {
    const b = await createTransportLayer({ clock: systemClock, stream: { sentBy: { host: 'bob.parley.invalid' } } });
    let connects = 0;
    const a = await createTransportLayer({
      clock: systemClock,
      stream: {
        sentBy: { host: 'alice.parley.invalid' },
        connect: async (remote) => {
          connects++;
          const [toB, toA] = duplexPair();
          b.attachStream(toA, peer(KEY_A));
          return { stream: toB, remote };
        },
      },
    });
    try {
      const requests = inbox<SipRequest>((l) => b.onRequest(l));
      await Promise.all([a.sendRequest(parleyOptions('alice.parley.invalid'), peer(KEY_B)), a.sendRequest(parleyOptions('alice.parley.invalid'), peer(KEY_B))]);
      await a.sendRequest(parleyOptions('alice.parley.invalid'), { ...peer(KEY_B), port: 7 });
      for (let i = 0; i < 3; i++) await requests.next(`request ${i + 1}`);
      assert.equal(connects, 1);
      assert.equal(a.connectionCount('PARLEY'), 1);
      assert.deepEqual(a.localAddress('PARLEY'), { protocol: 'PARLEY', host: 'alice.parley.invalid', port: 5060 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('StreamTransport after a malformed message', () => {
  test('a peer that never closes its side is cut off after the linger time', async () => {
    const clock = new FakeClock();
    const transport = new StreamTransport({ sentBy: { host: 'alice.parley.invalid', port: 5060 }, clock, limits: SIP_MESSAGE_LIMITS, stats: new TransportStats(), deliver: () => undefined });
    const [ours, theirs] = duplexPair();
    const replies = reader(theirs);
    const ended = new Promise<void>((resolve) => theirs.once('end', resolve));
    transport.attach(ours, peer(KEY_B));
    theirs.write('GARBAGE\r\n\r\n');
    await within(ended, 3000, 'our side to end');
    assert.deepEqual(replies.items, [], 'nothing was answerable');
    assert.equal(transport.connectionCount, 0, 'no longer used for sending');
    assert.equal(ours.destroyed, false, 'still flushing');
    clock.advance(2_000);
    assert.equal(ours.destroyed, true);
    transport.close();
  });
});

describe('StreamTransport write bound', () => {
  test('a peer that stops reading cannot make us buffer without bound', async () => {
    const stuck = new Duplex({ read: () => undefined, write: () => undefined }); // never calls back: nothing drains
    const stats = new TransportStats();
    const transport = new StreamTransport({ sentBy: { host: 'alice.parley.invalid', port: 5060 }, clock: systemClock, limits: SIP_MESSAGE_LIMITS, stats, deliver: () => undefined, maxPendingWriteBytes: 1000 });
    const id = transport.attach(stuck, peer(KEY_B));
    void transport.sendOn(id, Buffer.alloc(600));
    await assert.rejects(transport.sendOn(id, Buffer.alloc(600)), (e) => isTransportError(e, 'TRANSPORT_SEND_FAILED'));
    assert.equal(transport.isOpen(id), false);
    assert.equal(stuck.destroyed, true);
    transport.close();
  });
});
