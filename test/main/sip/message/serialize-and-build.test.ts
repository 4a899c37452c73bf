import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createAckForNon2xx,
  createCancel,
  createRejectResponse,
  createRequest,
  createResponse,
  formatNameAddr,
  getTo,
  parseNameAddr,
  parseSipMessage,
  serializeSipMessage,
  tagOf,
  type SipRequest,
} from '../../../../src/main/sip/message/index.js';
import { messageView, sipText } from '../../../helpers/sip-model.js';

const INVITE_LINES = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1',
  'v: SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9',
  ' ;received=192.0.2.101',
  'Max-Forwards: 69',
  'Route: <sip:ss2.biloxi.example.com;lr>',
  'f: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl',
  't: Bob <sip:bob@biloxi.example.com>',
  'i: 2xTb9vxSit55XU7p8@atlanta.example.com',
  'CSeq: 1 INVITE',
  'Timestamp: 54',
  'm: <sip:alice@client.atlanta.example.com>',
  'l: 0',
];

function invite(): SipRequest {
  const parsed = parseSipMessage(sipText(...INVITE_LINES));
  assert.ok(parsed.ok && parsed.message.kind === 'request');
  return parsed.message;
}

describe('serializing (RFC 3261 §7)', () => {
  test('writes long header names, unfolded values and a Content-Length matching the body', () => {
    const request = createRequest({
      method: 'MESSAGE',
      requestUri: 'sip:bob@biloxi.example.com',
      headers: [['v', 'SIP/2.0/TCP a.example.com;branch=z9hG4bK1'], ['l', '999'], ['Subject', 'hi']],
      body: 'Hello Bob',
      contentType: 'text/plain',
    });
    assert.equal(
      serializeSipMessage(request).toString(),
      'MESSAGE sip:bob@biloxi.example.com SIP/2.0\r\nVia: SIP/2.0/TCP a.example.com;branch=z9hG4bK1\r\nContent-Length: 9\r\nSubject: hi\r\nContent-Type: text/plain\r\n\r\nHello Bob',
    );
  });

  test('adds Content-Length when there is none, and parses back to the same model', () => {
    const response = createResponse(invite(), 180, { toTag: '314159' });
    const bytes = serializeSipMessage(response);
    assert.match(bytes.toString(), /\r\nContent-Length: 0\r\n\r\n$/);
    const again = parseSipMessage(bytes, { framing: 'stream' });
    assert.ok(again.ok);
    assert.deepEqual(messageView(again.message).headers.slice(0, -1), messageView(response).headers);
  });

  test('refuses a start line that would inject a line', () => {
    const bad = { ...createResponse(invite(), 200), reason: 'OK\r\nVia: evil' };
    assert.throws(() => serializeSipMessage(bad), { code: 'INVALID_MESSAGE_PART' });
  });
});

describe('createResponse (RFC 3261 §8.2.6)', () => {
  test('copies every Via in order, From, To, Call-ID and CSeq, and nothing else', () => {
    const response = createResponse(invite(), 486);
    assert.equal(response.reason, 'Busy Here');
    assert.deepEqual(messageView(response).headers, [
      ['Via', 'SIP/2.0/UDP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1'],
      ['Via', 'SIP/2.0/UDP client.atlanta.example.com:5060;branch=z9hG4bK74bf9 ;received=192.0.2.101'],
      ['From', 'Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl'],
      ['To', 'Bob <sip:bob@biloxi.example.com>'],
      ['Call-ID', '2xTb9vxSit55XU7p8@atlanta.example.com'],
      ['CSeq', '1 INVITE'],
    ]);
  });

  test('adds the To tag to final and provisional responses but not to 100, and copies Timestamp into 100', () => {
    const ringing = createResponse(invite(), 180, { toTag: '314159' });
    const to = getTo(ringing);
    assert.equal(to.ok && tagOf(to.value), '314159');
    const trying = createResponse(invite(), 100, { toTag: '314159' });
    assert.equal(trying.headers.first('To'), 'Bob <sip:bob@biloxi.example.com>');
    assert.equal(trying.headers.first('Timestamp'), '54');
    assert.equal(ringing.headers.first('Timestamp'), undefined);
  });

  test('keeps a To tag the request already had (in-dialog requests)', () => {
    const request = createRequest({ method: 'BYE', requestUri: 'sip:a@b', headers: [['To', '<sip:a@b>;tag=old'], ['Via', 'SIP/2.0/UDP x;branch=z9hG4bK1']] });
    assert.equal(createResponse(request, 200, { toTag: 'new' }).headers.first('To'), '<sip:a@b>;tag=old');
  });

  test('adds extra headers, a body and its Content-Type', () => {
    const response = createResponse(invite(), 200, { toTag: 't', headers: [['Contact', '<sip:bob@192.0.2.4>']], body: 'v=0\r\n', contentType: 'application/sdp', reason: 'Fine' });
    assert.equal(response.reason, 'Fine');
    assert.equal(response.headers.first('Content-Type'), 'application/sdp');
    assert.equal(Buffer.from(response.body).toString(), 'v=0\r\n');
  });
});

describe('answering what the parser refused', () => {
  test('builds the 400 from the error, with a To tag and the problem as the reason phrase', () => {
    const lines = INVITE_LINES.map((line) => (line === 'CSeq: 1 INVITE' ? 'CSeq: 1 BYE' : line));
    const refused = parseSipMessage(sipText(...lines));
    assert.ok(!refused.ok && refused.error.reply);
    const response = createRejectResponse(refused.error.reply, 'z1');
    const text = serializeSipMessage(response).toString();
    assert.match(text, /^SIP\/2.0 400 CSeq Method Mismatch\r\n/);
    assert.match(text, /\r\nTo: Bob <sip:bob@biloxi.example.com>;tag=z1\r\n/);
    assert.match(text, /\r\nCSeq: 1 BYE\r\n/);
    assert.equal(response.headers.count('Via'), 2);
  });
});

describe('CANCEL and ACK for a non-2xx (RFC 3261 §9.1, §17.1.1.3)', () => {
  test('CANCEL keeps the Request-URI, top Via, From, To, Call-ID, CSeq number and Route', () => {
    const cancel = createCancel(invite());
    assert.deepEqual(messageView(cancel), {
      startLine: 'CANCEL sip:bob@biloxi.example.com SIP/2.0',
      headers: [
        ['Via', 'SIP/2.0/UDP ss1.atlanta.example.com:5060;branch=z9hG4bK2d4790.1'],
        ['Max-Forwards', '70'],
        ['From', 'Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl'],
        ['To', 'Bob <sip:bob@biloxi.example.com>'],
        ['Call-ID', '2xTb9vxSit55XU7p8@atlanta.example.com'],
        ['CSeq', '1 CANCEL'],
        ['Route', '<sip:ss2.biloxi.example.com;lr>'],
      ],
      body: '',
    });
    assert.equal(parseSipMessage(serializeSipMessage(cancel)).ok, true);
  });

  test('the ACK takes To (with the tag) from the response', () => {
    const request = invite();
    const ack = createAckForNon2xx(request, createResponse(request, 487, { toTag: '314159' }));
    assert.equal(ack.method, 'ACK');
    assert.equal(ack.headers.first('To'), 'Bob <sip:bob@biloxi.example.com>;tag=314159');
    assert.equal(ack.headers.first('CSeq'), '1 ACK');
  });

  test('refuses to derive from an INVITE that lacks what it needs', () => {
    const bare = createRequest({ method: 'INVITE', requestUri: 'sip:a@b', headers: [] });
    assert.throws(() => createCancel(bare), { code: 'INVALID_MESSAGE_PART' });
  });
});

test('formatNameAddr always writes the unambiguous name-addr form', () => {
  const address = parseNameAddr('sip:bob@biloxi.com;tag=1') ?? assert.fail();
  assert.equal(formatNameAddr(address), '<sip:bob@biloxi.com>;tag=1');
  assert.equal(formatNameAddr({ ...address, displayName: 'Bob "B" Smith' }), '"Bob \\"B\\" Smith" <sip:bob@biloxi.com>;tag=1');
});
