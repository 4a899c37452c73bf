import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SIP_MESSAGE_LIMITS, SipStreamFramer, type SipFramerEvent } from '../../../../src/main/sip/message/index.js';
import { sipText, TYPICAL_INVITE } from '../../../helpers/sip-model.js';

const OPTIONS = sipText(
  'OPTIONS sip:carol@chicago.com SIP/2.0',
  'Via: SIP/2.0/TCP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877',
  'Max-Forwards: 70',
  'To: <sip:carol@chicago.com>',
  'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710',
  'CSeq: 63104 OPTIONS',
  'Content-Length: 0',
);
const INVITE = Buffer.from(TYPICAL_INVITE);

/** A short description of each event, for tables. */
function describeEvents(events: SipFramerEvent[]): string[] {
  return events.map((event) => {
    if (event.type === 'message') return `message ${event.message.kind === 'request' ? event.message.method : event.message.status}`;
    if (event.type === 'invalid' || event.type === 'malformed') return `${event.type} ${event.error.code}${event.error.reply ? ` reply ${event.error.reply.status}` : ''}`;
    return event.type;
  });
}

function feed(framer: SipFramerEvent[] | SipStreamFramer, chunks: Buffer[]): string[] {
  const f = framer instanceof SipStreamFramer ? framer : new SipStreamFramer();
  return describeEvents(chunks.flatMap((chunk) => f.push(chunk)));
}

describe('framing a SIP stream by Content-Length (RFC 3261 §18.3)', () => {
  test('emits pipelined messages from one chunk, in order', () => {
    assert.deepEqual(feed([], [Buffer.concat([INVITE, OPTIONS, INVITE])]), ['message INVITE', 'message OPTIONS', 'message INVITE']);
  });

  test('gives the same messages however the stream is split, down to every single byte', () => {
    const stream = Buffer.concat([INVITE, Buffer.from('\r\n\r\n'), OPTIONS]);
    // A ping cut between its two CRLFs is reported as a pong, then a ping: the framer cannot wait
    // to see whether a lone CRLF is a pong (a client expects it within seconds), and the peer
    // that receives pings still answers one.
    const splitPing = INVITE.length + 2;
    for (let cut = 1; cut < stream.length; cut++) {
      const expected = ['message INVITE', ...(cut === splitPing ? ['pong'] : []), 'ping', 'message OPTIONS'];
      assert.deepEqual(feed([], [stream.subarray(0, cut), stream.subarray(cut)]), expected, `cut at ${cut}`);
    }
    assert.deepEqual(feed([], [...stream].map((byte) => Buffer.from([byte]))), ['message INVITE', 'pong', 'ping', 'message OPTIONS'], 'one byte at a time');
  });

  test('waits while a message is incomplete and holds only its bytes', () => {
    const framer = new SipStreamFramer();
    assert.deepEqual(framer.push(INVITE.subarray(0, 100)), []);
    assert.equal(framer.bufferedBytes, 100);
    assert.deepEqual(framer.push(INVITE.subarray(100, INVITE.length - 1)), []);
    assert.deepEqual(describeEvents(framer.push(INVITE.subarray(INVITE.length - 1))), ['message INVITE']);
    assert.equal(framer.bufferedBytes, 0);
  });

  test('waits for a body shorter than its Content-Length says (RFC 4475 §3.1.2.2 on a stream)', () => {
    const framer = new SipStreamFramer();
    const clerr = Buffer.from(OPTIONS.toString().replace('Content-Length: 0', 'Content-Length: 9999'));
    assert.deepEqual(framer.push(Buffer.concat([clerr, Buffer.from('v=0\r\n')])), []);
    assert.equal(framer.isBroken, false);
  });

  test('reports a refused but framed message and goes on with the stream', () => {
    const noCallId = Buffer.from(OPTIONS.toString().replace('Call-ID: a84b4c76e66710\r\n', ''));
    assert.deepEqual(feed([], [Buffer.concat([noCallId, OPTIONS])]), ['invalid MISSING_HEADER reply 400', 'message OPTIONS']);
  });
});

describe('keep-alives between messages (RFC 5626 §3.5.1)', () => {
  const table: [string, Buffer[], string[]][] = [
    ['a CRLFCRLF ping', [Buffer.from('\r\n\r\n')], ['ping']],
    ['two pings', [Buffer.from('\r\n\r\n\r\n\r\n')], ['ping', 'ping']],
    ['a lone CRLF pong', [Buffer.from('\r\n')], ['pong']],
    ['a pong before a message', [Buffer.concat([Buffer.from('\r\n'), OPTIONS])], ['pong', 'message OPTIONS']],
    ['a ping split in the middle', [Buffer.from('\r\n'), Buffer.from('\r\n')], ['pong', 'ping']],
    ['a ping split after CR', [Buffer.from('\r\n\r'), Buffer.from('\n')], ['ping']],
    ['a ping after a message', [Buffer.concat([OPTIONS, Buffer.from('\r\n\r\n')])], ['message OPTIONS', 'ping']],
  ];
  for (const [what, chunks, expected] of table) test(what, () => assert.deepEqual(feed([], chunks), expected));
});

describe('streams beyond repair', () => {
  const withLength = (value: string | null): Buffer =>
    Buffer.from(OPTIONS.toString().replace('Content-Length: 0\r\n', value === null ? '' : `Content-Length: ${value}\r\n`));
  const table: [string, Buffer, string][] = [
    ['no Content-Length (mandatory on streams)', withLength(null), 'malformed MISSING_CONTENT_LENGTH reply 400'],
    ['a negative Content-Length (RFC 4475 §3.1.2.3)', withLength('-999'), 'malformed BAD_CONTENT_LENGTH reply 400'],
    ['Content-Length: five', withLength('five'), 'malformed BAD_CONTENT_LENGTH reply 400'],
    ['two Content-Lengths (RFC 4475 §3.3.9)', Buffer.from(withLength('13').toString().replace('\r\n\r\n', '\r\nContent-Length: 5\r\n\r\n')), 'malformed BAD_CONTENT_LENGTH reply 400'],
    ['a body larger than the limit', withLength(String(SIP_MESSAGE_LIMITS.maxMessageBytes)), 'malformed MESSAGE_TOO_LARGE reply 513'],
    ['a head that never ends', Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX: ' + 'y'.repeat(SIP_MESSAGE_LIMITS.maxHeadBytes)), 'malformed MESSAGE_TOO_LARGE'],
    ['an HTTP request', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), 'malformed MISSING_CONTENT_LENGTH'],
    ['a CR without LF between messages', Buffer.from('\rOPTIONS'), 'malformed BAD_START_LINE'],
  ];
  for (const [what, bytes, expected] of table) {
    test(`${what} → ${expected}`, () => {
      const framer = new SipStreamFramer();
      assert.deepEqual(describeEvents(framer.push(bytes)), [expected]);
      assert.equal(framer.isBroken, true);
      assert.deepEqual(framer.push(OPTIONS), [], 'nothing more is read from a broken stream');
      assert.equal(framer.bufferedBytes, 0);
    });
  }
});
