/**
 * Acceptance (issue 3): malformed input sent over UDP and TCP never stops `parley serve` from
 * answering the next OPTIONS. Every RFC 4475 torture message and a few hundred fuzzed ones are
 * thrown at a running node, then OPTIONS must still get 200 with Allow, Accept and Supported.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { parseSipMessage, type SipResponse } from '../../src/main/sip/message/index.js';
import { ParleyProcess } from '../helpers/parley-process.js';
import { loadFlowMessages, loadTortureMessage, tortureMessageNames } from '../helpers/sip-fixtures.js';
import { mutate, seededRandom } from '../helpers/sip-mutator.js';
import { tempDir } from '../helpers/temp-dir.js';

function options(port: number, transport: 'UDP' | 'TCP', n: number): Buffer {
  return Buffer.from(
    [
      `OPTIONS sip:parley@127.0.0.1:${port} SIP/2.0`,
      `Via: SIP/2.0/${transport} 127.0.0.1:9;branch=z9hG4bK-probe-${transport}-${n};rport`,
      'Max-Forwards: 70',
      'From: <sip:probe@127.0.0.1>;tag=probe',
      'To: <sip:parley@127.0.0.1>',
      `Call-ID: probe-${transport}-${n}@127.0.0.1`,
      `CSeq: ${n} OPTIONS`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

function assertOptionsAnswer(bytes: Buffer, what: string): void {
  const parsed = parseSipMessage(bytes, { framing: 'datagram' });
  assert.ok(parsed.ok && parsed.message.kind === 'response', `${what}: a SIP response`);
  const response = parsed.message as SipResponse;
  assert.equal(response.status, 200, what);
  for (const header of ['Allow', 'Accept', 'Supported']) assert.ok(response.headers.has(header), `${what}: ${header}`);
  assert.match(String(response.headers.first('Allow')), /INVITE/);
}

/** Valid-looking messages to mutate: the RFC 3261/3665 flows. */
const seeds = loadFlowMessages().map((m) => m.bytes);
const torture = tortureMessageNames().map((name) => loadTortureMessage(name));

describe('parley serve keeps answering after malformed input', () => {
  let serve: ParleyProcess;
  let port: number;

  before(async () => {
    serve = new ParleyProcess(['serve', '--data', await tempDir('parley-malformed'), '--bootstrap', '127.0.0.1:9', '--ui', '127.0.0.1:0', '--sip', '127.0.0.1:0', '--json']);
    port = Number(String((await serve.waitFor((e) => e['event'] === 'ready'))['sip']).split(':')[1]);
  });
  after(() => serve.stop());

  test('over UDP: every torture message and 500 fuzzed datagrams, then OPTIONS gets 200', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      const random = seededRandom(4475);
      const junk = [...torture, ...Array.from({ length: 500 }, (_, i) => mutate(seeds[i % seeds.length] ?? Buffer.alloc(0), random).bytes)];
      for (const datagram of junk) socket.send(datagram.subarray(0, 60_000), port, '127.0.0.1');
      // Ask until the answer to OUR OPTIONS arrives (400s for the junk arrive first).
      const answer = await new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no 200 to OPTIONS within 10 s')), 10_000);
        socket.on('message', (message) => {
          if (message.includes('Call-ID: probe-UDP-1@127.0.0.1')) {
            clearTimeout(timer);
            resolve(message);
          }
        });
        socket.send(options(port, 'UDP', 1), port, '127.0.0.1');
      });
      assertOptionsAnswer(answer, 'UDP OPTIONS');
    } finally {
      socket.close();
    }
    assert.equal(serve.child.exitCode, null, 'parley serve is still running');
  });

  test('over TCP: each torture message on its own connection, then OPTIONS gets 200', async () => {
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      });
    for (const message of torture) {
      const socket = await open();
      socket.on('error', () => {}); // the node may close a broken stream: that is its right
      socket.resume(); // read (and drop) its answer, or its FIN is never seen and 'close' never comes
      socket.end(message);
      await new Promise((resolve) => socket.once('close', resolve));
    }
    const socket = await open();
    try {
      const answer = await new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no 200 to OPTIONS within 10 s')), 10_000);
        let received = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          if (received.includes('\r\n\r\n')) {
            clearTimeout(timer);
            resolve(received);
          }
        });
        socket.write(options(port, 'TCP', 2));
      });
      assertOptionsAnswer(answer, 'TCP OPTIONS');
    } finally {
      socket.destroy();
    }
    assert.equal(serve.child.exitCode, null, 'parley serve is still running');
  });
});
