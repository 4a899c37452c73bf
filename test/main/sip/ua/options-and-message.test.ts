import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentText, type IncomingMessage } from '../../../../src/main/sip/ua/index.js';
import { BOB_HOST, SDP_ANSWER, twoPeers } from '../../../helpers/sip-ua-peers.js';
import { SipProbe } from '../../../helpers/sip-ua-probe.js';

describe('OPTIONS (RFC 3261 §11)', () => {
  test('a 200 that says what we can do: Allow, Accept, Accept-Encoding, Accept-Language, Supported', async () => {
    const peers = twoPeers();
    const pending = peers.alice.options(peers.bobUri);
    await peers.run(10);
    const outcome = await pending;
    assert.equal(outcome.status, 200);
    const headers = outcome.response?.headers;
    assert.equal(headers?.first('Allow'), 'INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY');
    assert.equal(headers?.first('Accept'), 'application/sdp');
    assert.equal(headers?.first('Accept-Encoding'), 'identity');
    assert.equal(headers?.first('Accept-Language'), 'en');
    assert.equal(headers?.has('Supported'), true);
    assert.equal(headers?.first('Server'), 'Parley');
  });

  test('Allow and Allow-Events grow with the handlers set', async () => {
    const peers = twoPeers({ bob: { supported: ['replaces'] } });
    peers.bob.setMessageHandler(() => 200);
    peers.bob.setEventPackage('presence', { defaultExpires: 3600, onSubscribe: (s) => s.reject() });
    const pending = peers.alice.options(peers.bobUri);
    await peers.run(10);
    const headers = (await pending).response?.headers;
    assert.equal(headers?.first('Allow'), 'INVITE, ACK, CANCEL, BYE, OPTIONS, REFER, NOTIFY, MESSAGE, SUBSCRIBE');
    assert.equal(headers?.first('Allow-Events'), 'presence');
    assert.equal(headers?.first('Supported'), 'replaces');
  });

  test('inside a dialog too', async () => {
    const peers = twoPeers();
    const probe = new SipProbe(peers.net);
    const bob = { protocol: 'UDP' as const, host: BOB_HOST, port: 5060 };
    peers.bob.onIncomingInvite((invite) => invite.accept(SDP_ANSWER));
    probe.send(probe.build({ method: 'INVITE', requestUri: 'sip:bob@127.0.0.2', callId: 'd', body: 'v=0\r\n' }), bob);
    await peers.run(10);
    const toTag = /;tag=([^;]+)/.exec(probe.last()?.headers.first('To') ?? '')?.[1] ?? '';
    probe.send(probe.build({ method: 'ACK', requestUri: 'sip:bob@127.0.0.2', callId: 'd', toTag, contact: false }), bob);
    probe.send(probe.build({ method: 'OPTIONS', requestUri: 'sip:bob@127.0.0.2', callId: 'd', cseq: 2, toTag }), bob);
    await peers.run(10);
    assert.equal(probe.last()?.status, 200);
    assert.equal(probe.last()?.headers.first('Accept'), 'application/sdp');
  });

  test('no answer: a local 408 after 64*T1', async () => {
    const peers = twoPeers();
    peers.net.dropAll((r) => r.label === 'OPTIONS');
    const pending = peers.alice.options(peers.bobUri);
    peers.clock.advance(32_000);
    assert.deepEqual(await pending, { status: 408, reason: 'Request Timeout' });
  });
});

describe('MESSAGE (RFC 3428)', () => {
  test('reaches the handler with its body and sender; the handler’s 200 goes back', async () => {
    const peers = twoPeers();
    const received: IncomingMessage[] = [];
    peers.bob.setMessageHandler((message) => {
      received.push(message);
      return undefined;
    });
    const pending = peers.alice.message(peers.bobUri, { contentType: 'text/plain', body: 'hello, Bob' });
    await peers.run(10);
    assert.equal((await pending).status, 200);
    assert.equal(received.length, 1);
    assert.equal(contentText(received[0]?.content), 'hello, Bob');
    assert.equal(received[0]?.from.uri.kind === 'sip' && received[0].from.uri.user, 'alice');
    assert.equal(received[0]?.inDialog, false);
    const request = peers.net.wire.find((r) => r.label === 'MESSAGE')?.message;
    assert.equal(request?.headers.has('Contact'), false, 'a MESSAGE creates no dialog and needs no Contact');
  });

  const table = [
    { name: 'a type the handler does not take gets 415 with Accept', type: 'text/html', handler: () => 200, status: 415, accept: 'text/plain' },
    { name: 'the handler’s own status goes back', type: 'text/plain', handler: () => 486, status: 486 },
    { name: 'a handler that throws gives 500', type: 'text/plain', handler: (): number => { throw new Error('boom'); }, status: 500 },
  ];
  for (const row of table) {
    test(row.name, async () => {
      const peers = twoPeers();
      peers.bob.setMessageHandler(row.handler);
      const pending = peers.alice.message(peers.bobUri, { contentType: row.type, body: 'x' });
      await peers.run(10);
      const outcome = await pending;
      assert.equal(outcome.status, row.status);
      if (row.accept) assert.equal(outcome.response?.headers.first('Accept'), row.accept);
    });
  }

  test('without a handler MESSAGE is not allowed: 405', async () => {
    const peers = twoPeers();
    const pending = peers.alice.message(peers.bobUri, { contentType: 'text/plain', body: 'x' });
    await peers.run(10);
    assert.equal((await pending).status, 405);
  });

  test('over UDP a MESSAGE must fit in 1300 bytes; over TCP it need not', async () => {
    const udp = twoPeers();
    assert.throws(() => udp.alice.message(udp.bobUri, { contentType: 'text/plain', body: 'x'.repeat(1300) }), { code: 'UA_MESSAGE_TOO_LARGE' });
    const tcp = twoPeers({ protocol: 'TCP' });
    tcp.bob.setMessageHandler(() => 200);
    const pending = tcp.alice.message(tcp.bobUri, { contentType: 'text/plain', body: 'x'.repeat(1300) });
    await tcp.run(10);
    assert.equal((await pending).status, 200);
  });
});
