import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { systemClock } from '../../../../src/main/clock.js';
import { createResponse, getTopVia, SIP_MESSAGE_LIMITS, type SipRequest, type SipResponse } from '../../../../src/main/sip/message/index.js';
import { createTransportLayer, isTransportError, type TransportLayer } from '../../../../src/main/sip/transport/index.js';
import { headerValue, inbox, LOOPBACK, optionsRequest, rawMessage, rawOptions, RawUdp, startLine } from './transport-test-kit.js';

function udpPort(layer: TransportLayer): number {
  const address = layer.localAddress('UDP');
  assert.ok(address);
  return address.port;
}

describe('UDP transport layer', () => {
  let a: TransportLayer;
  let b: TransportLayer;
  let raw: RawUdp;
  let raw2: RawUdp;

  beforeEach(async () => {
    a = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 } });
    b = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 } });
    raw = await RawUdp.open();
    raw2 = await RawUdp.open();
  });

  afterEach(async () => {
    await Promise.all([a.close(), b.close(), raw.close(), raw2.close()]);
  });

  test('binds a free port when asked for port 0 and reports it', () => {
    const address = a.localAddress('UDP');
    assert.equal(address?.host, LOOPBACK);
    assert.ok((address?.port ?? 0) > 0);
    assert.equal(a.localAddress('TCP'), undefined);
    assert.deepEqual(a.addresses, [address]);
  });

  test('a request arrives with rport filled and received added (RFC 3581 §4); the response comes back', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const responses = inbox<SipResponse>((l) => a.onResponse(l));
    await a.sendRequest(optionsRequest({ transport: 'UDP', host: LOOPBACK, port: udpPort(a), rport: true }), { protocol: 'UDP', host: LOOPBACK, port: udpPort(b) });
    const inbound = await requests.next('the OPTIONS at b');
    assert.deepEqual(inbound.source, { protocol: 'UDP', host: LOOPBACK, port: udpPort(a) });
    assert.deepEqual(inbound.local, b.localAddress('UDP'));
    const top = inbound.core.vias[0];
    assert.equal(top?.received, LOOPBACK);
    assert.equal(top?.rport, udpPort(a));
    assert.match(inbound.message.headers.first('Via') ?? '', new RegExp(`;rport=${udpPort(a)};received=127\\.0\\.0\\.1$`));

    await b.sendResponse(createResponse(inbound.message, 200, { toTag: 'b1' }), inbound.source);
    const response = await responses.next('the 200 at a');
    assert.equal(response.message.status, 200);
    assert.equal(response.source.port, udpPort(b));
    const via = getTopVia(response.message);
    assert.ok(via.ok && via.value.rport === udpPort(a));
    assert.equal(a.stats.get('responsesReceived'), 1);
  });

  test('with rport the response goes to the source port, without it to the sent-by port', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    await raw.send(rawOptions(`SIP/2.0/UDP 127.0.0.1:${raw2.port};branch=z9hG4bKnorport`), udpPort(b));
    const plain = await requests.next('the OPTIONS without rport');
    assert.equal(plain.core.vias[0]?.received, undefined, 'same host: no received (§18.2.1)');
    await b.sendResponse(createResponse(plain.message, 200), plain.source);
    assert.equal(startLine(await raw2.next('the 200 at the sent-by port')), 'SIP/2.0 200 OK');

    await raw.send(rawOptions(`SIP/2.0/UDP 127.0.0.1:${raw2.port};rport;branch=z9hG4bKrport`), udpPort(b));
    const nated = await requests.next('the OPTIONS with rport');
    await b.sendResponse(createResponse(nated.message, 200), nated.source);
    const text = await raw.next('the 200 at the source port');
    assert.equal(startLine(text), 'SIP/2.0 200 OK');
    assert.equal(headerValue(text, 'Via'), `SIP/2.0/UDP 127.0.0.1:${raw2.port};rport=${raw.port};branch=z9hG4bKrport;received=127.0.0.1`);
  });

  test('a sent-by host name gets received, and the response goes there at the sent-by port (§18.2.1, §18.2.2)', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    await raw.send(rawOptions(`SIP/2.0/UDP pc33.example.com:${raw2.port};branch=z9hG4bKname`), udpPort(b));
    const inbound = await requests.next('the OPTIONS');
    assert.equal(inbound.core.vias[0]?.received, LOOPBACK);
    await b.sendResponse(createResponse(inbound.message, 200), inbound.source);
    const text = await raw2.next('the 200');
    assert.equal(headerValue(text, 'Via'), `SIP/2.0/UDP pc33.example.com:${raw2.port};branch=z9hG4bKname;received=127.0.0.1`);
  });

  test('a malformed request gets a 400 at once, and the next OPTIONS is still delivered', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    const noCallId = rawMessage([
      'OPTIONS sip:bob@127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bKbad`,
      'From: <sip:raw@127.0.0.1>;tag=r1',
      'To: <sip:bob@127.0.0.1>',
      'CSeq: 1 OPTIONS',
      'Content-Length: 0',
    ]);
    await raw.send(noCallId, udpPort(b));
    const text = await raw.next('the 400');
    assert.equal(startLine(text), 'SIP/2.0 400 Missing Call-ID');
    assert.equal(headerValue(text, 'CSeq'), '1 OPTIONS');
    await raw.send(rawOptions(`SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bKgood`), udpPort(b));
    const next = await requests.next('the valid OPTIONS after the bad one');
    assert.equal(next.core.vias[0]?.branch, 'z9hG4bKgood');
    assert.equal(b.stats.get('rejectedAnswered'), 1);
  });

  test('SIP/3.0 gets 505 Version Not Supported', async () => {
    await raw.send(rawMessage([
      'OPTIONS sip:bob@127.0.0.1 SIP/3.0',
      `Via: SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bK505`,
      'From: <sip:raw@127.0.0.1>;tag=r1',
      'To: <sip:bob@127.0.0.1>',
      'Call-ID: v3',
      'CSeq: 1 OPTIONS',
    ]), udpPort(b));
    assert.equal(startLine(await raw.next('the 505')), 'SIP/2.0 505 Version Not Supported');
  });

  test('an oversized message gets 513 Message Too Large', async () => {
    const small = await createTransportLayer({ clock: systemClock, udp: { host: LOOPBACK, port: 0 }, limits: { ...SIP_MESSAGE_LIMITS, maxMessageBytes: 1024 } });
    try {
      await raw.send(rawOptions(`SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bK513`, [], 'x'.repeat(2000)), udpPort(small));
      assert.equal(startLine(await raw.next('the 513')), 'SIP/2.0 513 Message Too Large');
    } finally {
      await small.close();
    }
  });

  test('unparseable responses and ACKs are dropped without an answer; a CRLF keep-alive is ignored', async () => {
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    await raw.send(rawMessage(['SIP/2.0 200 OK', `Via: SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bKr`, 'CSeq: 1 OPTIONS']), udpPort(b));
    await raw.send(rawMessage(['ACK sip:bob@127.0.0.1 SIP/2.0', `Via: SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bKa`, 'CSeq: 1 ACK']), udpPort(b));
    await raw.send(Buffer.from('\r\n\r\n'), udpPort(b));
    await raw.send(rawOptions(`SIP/2.0/UDP 127.0.0.1:${raw.port};branch=z9hG4bKafter`), udpPort(b));
    const inbound = await requests.next('the OPTIONS after the junk');
    await b.sendResponse(createResponse(inbound.message, 200), inbound.source);
    // Datagrams are handled in order, so an answer to the junk would have come before this one.
    assert.equal(startLine(await raw.next('the 200')), 'SIP/2.0 200 OK');
    assert.equal(b.stats.get('droppedUnparseable'), 2);
    assert.equal(b.stats.get('keepAlivesIgnored'), 1);
  });

  test('a response whose sent-by is not ours is silently dropped (§18.1.2)', async () => {
    const responses = inbox<SipResponse>((l) => a.onResponse(l));
    const response = (sentBy: string, branch: string): Buffer =>
      rawMessage([
        'SIP/2.0 200 OK',
        `Via: SIP/2.0/UDP ${sentBy};branch=${branch}`,
        'From: <sip:alice@127.0.0.1>;tag=a1',
        'To: <sip:bob@127.0.0.1>;tag=b1',
        'Call-ID: c1',
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
      ]);
    await raw.send(response('192.0.2.99:5060', 'z9hG4bKforeign'), udpPort(a));
    await raw.send(response(`127.0.0.1:${udpPort(a)}`, 'z9hG4bKours'), udpPort(a));
    const delivered = await responses.next('our response');
    assert.equal(delivered.core.vias[0]?.branch, 'z9hG4bKours');
    assert.equal(a.stats.get('droppedSentByMismatch'), 1);
  });

  test('a listener that throws neither stops the others nor the next message', async () => {
    b.onRequest(() => {
      throw new Error('a bug above the transport');
    });
    const requests = inbox<SipRequest>((l) => b.onRequest(l));
    for (const branch of ['z9hG4bKt1', 'z9hG4bKt2']) await raw.send(rawOptions(`SIP/2.0/UDP 127.0.0.1:${raw.port};branch=${branch}`), udpPort(b));
    assert.equal((await requests.next('the first')).core.vias[0]?.branch, 'z9hG4bKt1');
    assert.equal((await requests.next('the second')).core.vias[0]?.branch, 'z9hG4bKt2');
    assert.equal(b.stats.get('listenerErrors'), 2);
  });

  test('sending fails with a typed error where it cannot work', async () => {
    const request = optionsRequest({ transport: 'UDP', host: LOOPBACK, port: udpPort(a) });
    await assert.rejects(a.sendRequest(request, { protocol: 'UDP', host: 'bob.example.com', port: 5060 }), (e) => isTransportError(e, 'TRANSPORT_BAD_ADDRESS'));
    await assert.rejects(a.sendRequest(request, { protocol: 'TCP', host: LOOPBACK, port: 5060 }), (e) => isTransportError(e, 'TRANSPORT_NOT_CONFIGURED'));
    await assert.rejects(a.sendRequest(request, { protocol: 'UDP', host: '::1', port: 5060 }), (e) => isTransportError(e, 'TRANSPORT_BAD_ADDRESS'));
    const huge = optionsRequest({ transport: 'UDP', host: LOOPBACK, port: udpPort(a) }, { body: 'x'.repeat(70_000) });
    await assert.rejects(a.sendRequest(huge, { protocol: 'UDP', host: LOOPBACK, port: udpPort(b) }), (e) => isTransportError(e, 'TRANSPORT_MESSAGE_TOO_LARGE'));
  });
});

const hasIPv6Loopback = Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === '::1'));

describe('UDP over IPv6', { skip: hasIPv6Loopback ? false : 'no ::1 on this machine' }, () => {
  test('a request and its response between two layers on ::1', async () => {
    const a = await createTransportLayer({ clock: systemClock, udp: { host: '::1', port: 0 } });
    const b = await createTransportLayer({ clock: systemClock, udp: { host: '::1', port: 0 } });
    try {
      const requests = inbox<SipRequest>((l) => b.onRequest(l));
      const responses = inbox<SipResponse>((l) => a.onResponse(l));
      await a.sendRequest(optionsRequest({ transport: 'UDP', host: '::1', port: udpPort(a), rport: true }), { protocol: 'UDP', host: '::1', port: udpPort(b) });
      const inbound = await requests.next('the OPTIONS over IPv6');
      assert.equal(inbound.source.host, '::1');
      assert.equal(inbound.core.vias[0]?.received, '::1');
      await b.sendResponse(createResponse(inbound.message, 200), inbound.source);
      assert.equal((await responses.next('the 200 over IPv6')).message.status, 200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
