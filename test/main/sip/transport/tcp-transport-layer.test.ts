import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { systemClock } from '../../../../src/main/clock.js';
import { createResponse, SIP_MESSAGE_LIMITS, type SipFramerEvent, SipStreamFramer, type SipRequest, type SipResponse } from '../../../../src/main/sip/message/index.js';
import { createTransportLayer, isTransportError, type TransportLayer } from '../../../../src/main/sip/transport/index.js';
import { eventually, inbox, LOOPBACK, optionsRequest, Queue, rawMessage, rawOptions, RawTcp } from './transport-test-kit.js';

function portOf(layer: TransportLayer, protocol: 'UDP' | 'TCP'): number {
  const address = layer.localAddress(protocol);
  assert.ok(address, `${protocol} is configured`);
  return address.port;
}

function tcpOptions(layer: TransportLayer, body?: string): SipRequest {
  return optionsRequest({ transport: 'TCP', host: LOOPBACK, port: portOf(layer, 'TCP'), rport: true }, body === undefined ? {} : { body });
}

/** A bare TCP server that frames what each accepted connection sends. */
async function rawServer(): Promise<{ port: number; events: Queue<SipFramerEvent>; close: () => Promise<void> }> {
  const events = new Queue<SipFramerEvent>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const framer = new SipStreamFramer();
    socket.on('data', (chunk: Buffer) => framer.push(chunk).forEach(events.push));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const address = server.address();
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { port: typeof address === 'object' && address ? address.port : 0, events, close };
}

/** The headers a 400 copies (§8.2.6.2), so the raw client can parse the answer. */
const HEADERS = (branch: string): string[] => [
  'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
  `Via: SIP/2.0/TCP 127.0.0.1:5060;branch=${branch}`,
  'From: <sip:raw@127.0.0.1>;tag=r1',
  'To: <sip:bob@127.0.0.1>',
  `Call-ID: ${branch}`,
  'CSeq: 1 OPTIONS',
];

async function freePort(): Promise<number> {
  const { port, close } = await rawServer();
  await close();
  return port;
}

describe('TCP transport layer', () => {
  let a: TransportLayer;
  let b: TransportLayer;
  const raws: RawTcp[] = [];

  async function raw(): Promise<RawTcp> {
    const client = await RawTcp.connect(portOf(b, 'TCP'));
    client.socket.setNoDelay(true);
    raws.push(client);
    return client;
  }

  beforeEach(async () => {
    a = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 }, tcp: { host: LOOPBACK, port: 0 } });
    b = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 }, tcp: { host: LOOPBACK, port: 0 } });
  });

  afterEach(async () => {
    for (const client of raws.splice(0)) client.destroy();
    await Promise.all([a.close(), b.close()]);
  });

  test('listens for TCP on the port UDP got (§18.2.1)', () => {
    assert.equal(portOf(a, 'TCP'), portOf(a, 'UDP'));
    assert.equal(portOf(b, 'TCP'), portOf(b, 'UDP'));
  });

  test('a request carries its connection; the response returns on that same connection', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const responses = inbox<SipResponse>((l) => a.onResponse(l));
    await a.sendRequest(tcpOptions(a), { protocol: 'TCP', host: LOOPBACK, port: portOf(b, 'TCP') });
    const inbound = await requests.next('the OPTIONS over TCP');
    assert.equal(inbound.source.protocol, 'TCP');
    assert.ok(inbound.source.connectionId);
    assert.notEqual(inbound.source.port, portOf(a, 'TCP'), 'the source is the ephemeral port of the connection');
    assert.equal(inbound.core.vias[0]?.rport, inbound.source.port);
    assert.equal(inbound.core.vias[0]?.received, LOOPBACK);
    assert.equal(inbound.local.port, portOf(b, 'TCP'));

    await b.sendResponse(createResponse(inbound.message, 200, { toTag: 'b1' }), inbound.source);
    const response = await responses.next('the 200 over TCP');
    assert.equal(response.message.status, 200);
    assert.equal(response.source.protocol, 'TCP');
    assert.equal(a.connectionCount('TCP'), 1);
    assert.equal(b.connectionCount('TCP'), 1, 'b opened no connection of its own to send the response');
  });

  test('two requests to the same peer share one connection', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const to = { protocol: 'TCP', host: LOOPBACK, port: portOf(b, 'TCP') } as const;
    await Promise.all([a.sendRequest(tcpOptions(a), to), a.sendRequest(tcpOptions(a), to)]);
    const first = await requests.next('the first');
    const second = await requests.next('the second');
    assert.equal(first.source.connectionId, second.source.connectionId);
    assert.equal(a.connectionCount('TCP'), 1);
    assert.equal(b.connectionCount('TCP'), 1);
  });

  test('pipelined messages in one chunk and a message split into single bytes are all framed', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const client = await raw();
    const via = (branch: string): string => `SIP/2.0/TCP 127.0.0.1:5060;branch=${branch}`;
    await client.write(Buffer.concat([rawOptions(via('z9hG4bKp1')), rawOptions(via('z9hG4bKp2'), [], 'a body')]));
    for (const byte of rawOptions(via('z9hG4bKp3'))) await client.write(Buffer.from([byte]));
    const branches = [];
    for (let i = 0; i < 3; i++) branches.push((await requests.next(`request ${i + 1}`)).core.vias[0]?.branch);
    assert.deepEqual(branches, ['z9hG4bKp1', 'z9hG4bKp2', 'z9hG4bKp3']);
  });

  test('a malformed request: the 400 goes back on the same connection, which then closes; a new one still works', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const client = await raw();
    // The Content-Length is unreadable, so the stream cannot be framed any more (§18.3, RFC 4475 §3.1.2.3).
    await client.write(rawMessage([...HEADERS('z9hG4bKbad'), 'Content-Length: abc']));
    assert.equal(await client.nextStartLine('the 400'), 'SIP/2.0 400 Malformed Content-Length');
    await client.waitClosed('b to close the connection whose framing is lost');
    assert.equal(b.stats.get('malformedStreamsClosed'), 1);

    const next = await raw();
    await next.write(rawOptions('SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKnew'));
    assert.equal((await requests.next('the OPTIONS on a new connection')).core.vias[0]?.branch, 'z9hG4bKnew');
  });

  test('a framed but invalid request gets its 400 and the connection stays open', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const client = await raw();
    await client.write(rawMessage([...HEADERS('z9hG4bKinv'), 'Max-Forwards: seventy', 'Content-Length: 0']));
    assert.equal(await client.nextStartLine('the 400'), 'SIP/2.0 400 Malformed Max-Forwards');
    await client.write(rawOptions('SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bKsame'));
    const inbound = await requests.next('the OPTIONS on the same connection');
    assert.equal(inbound.core.vias[0]?.branch, 'z9hG4bKsame');
    await b.sendResponse(createResponse(inbound.message, 200), inbound.source);
    assert.equal(await client.nextStartLine('the 200 on the same connection'), 'SIP/2.0 200 OK');
  });

  test('SIP/3.0 gets 505 over TCP', async () => {
    const client = await raw();
    const [, ...rest] = HEADERS('z9hG4bK505');
    await client.write(rawMessage(['OPTIONS sip:bob@127.0.0.1 SIP/3.0', ...rest, 'Content-Length: 0']));
    assert.equal(await client.nextStartLine('the 505'), 'SIP/2.0 505 Version Not Supported');
  });

  test('a message larger than the limits gets 513 and the connection closes', async () => {
    const small = await createTransportLayer({ clock: systemClock, tcp: { host: LOOPBACK, port: 0 }, limits: { ...SIP_MESSAGE_LIMITS, maxMessageBytes: 1024 } });
    try {
      const client = await RawTcp.connect(portOf(small, 'TCP'));
      raws.push(client);
      await client.write(rawOptions('SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK513', [], 'x'.repeat(5000)));
      assert.equal(await client.nextStartLine('the 513'), 'SIP/2.0 513 Message Too Large');
      await client.waitClosed();
    } finally {
      await small.close();
    }
  });

  test('a CRLFCRLF ping gets a CRLF pong (RFC 5626 §3.5.1)', async () => {
    const client = await raw();
    await client.write('\r\n\r\n');
    assert.equal((await client.events.next('the pong')).type, 'pong');
    assert.equal(b.stats.get('pingsAnswered'), 1);
  });

  test('when the connection is gone, the response opens a new one to received at the sent-by port (§18.2.2)', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const listener = await rawServer();
    try {
      const client = await raw();
      await client.write(rawOptions(`SIP/2.0/TCP client.example.com:${listener.port};branch=z9hG4bKgone`));
      const inbound = await requests.next('the OPTIONS');
      client.destroy();
      await eventually(() => b.connectionCount('TCP') === 0, 'b to see the connection close');
      await b.sendResponse(createResponse(inbound.message, 200), inbound.source);
      const event = await listener.events.next('the 200 on a new connection');
      assert.equal(event.type === 'message' && event.message.kind === 'response' ? event.message.status : 0, 200);
    } finally {
      await listener.close();
    }
  });

  test('a request too large for UDP goes over TCP, with TCP in its Via (§18.1.1)', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const responses = inbox<SipResponse>((l) => a.onResponse(l));
    const large = optionsRequest({ transport: 'UDP', host: LOOPBACK, port: portOf(a, 'UDP'), rport: true }, { body: 'x'.repeat(2000) });
    await a.sendRequest(large, { protocol: 'UDP', host: LOOPBACK, port: portOf(b, 'UDP') });
    const inbound = await requests.next('the large OPTIONS');
    assert.equal(inbound.source.protocol, 'TCP');
    assert.equal(inbound.core.vias[0]?.transport, 'TCP');
    assert.equal(inbound.core.vias[0]?.port, portOf(a, 'TCP'));
    await b.sendResponse(createResponse(inbound.message, 200), inbound.source);
    assert.equal((await responses.next('the 200 over TCP')).source.protocol, 'TCP');
  });

  test('when the peer refuses TCP, the large request is retried over UDP (§18.1.1)', async () => {
    const udpOnly = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 } });
    try {
      const requests = inbox<SipRequest>((l) => udpOnly.onRequest(l));
      const large = optionsRequest({ transport: 'UDP', host: LOOPBACK, port: portOf(a, 'UDP') }, { body: 'x'.repeat(2000) });
      await a.sendRequest(large, { protocol: 'UDP', host: LOOPBACK, port: portOf(udpOnly, 'UDP') });
      const inbound = await requests.next('the large OPTIONS over UDP');
      assert.equal(inbound.source.protocol, 'UDP');
      assert.equal(inbound.core.vias[0]?.transport, 'UDP');
    } finally {
      await udpOnly.close();
    }
  });

  test('a refused connection is TRANSPORT_CONNECT_FAILED', async () => {
    const port = await freePort();
    await assert.rejects(a.sendRequest(tcpOptions(a), { protocol: 'TCP', host: LOOPBACK, port }), (e) => isTransportError(e, 'TRANSPORT_CONNECT_FAILED'));
    assert.equal(a.connectionCount('TCP'), 0);
  });

  test('connections beyond the limit are refused', async () => {
    const limited = await createTransportLayer({ clock: systemClock, tcp: { host: LOOPBACK, port: 0, maxConnections: 1 } });
    try {
      const first = await RawTcp.connect(portOf(limited, 'TCP'));
      const second = await RawTcp.connect(portOf(limited, 'TCP'));
      raws.push(first, second);
      await second.waitClosed('the second connection to be refused');
      assert.equal(limited.stats.get('connectionsRefused'), 1);
      assert.equal(limited.connectionCount('TCP'), 1);
    } finally {
      await limited.close();
    }
  });
});
