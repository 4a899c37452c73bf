import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isKeepAlive, parseSipMessage, SIP_MESSAGE_LIMITS, type SipParseErrorCode } from '../../../../src/main/sip/message/index.js';
import { parseStartLine } from '../../../../src/main/sip/message/start-line.js';
import { sipText } from '../../../helpers/sip-model.js';

const OPTIONS = [
  'OPTIONS sip:carol@chicago.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877',
  'Max-Forwards: 70',
  'To: <sip:carol@chicago.com>',
  'From: Alice <sip:alice@atlanta.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710',
  'CSeq: 63104 OPTIONS',
  'Content-Length: 0',
];

/** OPTIONS with one header replaced (or removed when `value` is null) or added. */
function options(changes: Record<string, string | null>, startLine = OPTIONS[0] ?? ''): Buffer {
  const lines = [startLine];
  const seen = new Set<string>();
  for (const line of OPTIONS.slice(1)) {
    const name = line.slice(0, line.indexOf(':'));
    if (name in changes) {
      seen.add(name);
      if (changes[name] !== null) lines.push(`${name}: ${changes[name]}`);
    } else lines.push(line);
  }
  for (const [name, value] of Object.entries(changes)) if (!seen.has(name) && value !== null) lines.push(`${name}: ${value}`);
  return sipText(...lines);
}

describe('start lines (RFC 3261 §7.1, §7.2)', () => {
  const table: [string, string][] = [
    ['INVITE sip:bob@biloxi.com SIP/2.0', 'request INVITE'],
    ['NEWMETHOD sip:bob@biloxi.com sip/2.0', 'request NEWMETHOD'],
    ['SIP/2.0 200 OK', 'response 200 OK'],
    ['SIP/2.0 100 ', 'response 100 '],
    ['SIP/2.0 100', 'response 100 '],
    ['SIP/2.0 699 Whatever it is', 'response 699 Whatever it is'],
    ['SIP/2.0 4294967301 better not break the receiver', 'BAD_STATUS_CODE'],
    ['SIP/2.0 99 Too small', 'BAD_STATUS_CODE'],
    ['SIP/2.0 700 Too big', 'BAD_STATUS_CODE'],
    ['SIP/2.0 20x OK', 'BAD_STATUS_CODE'],
    ['SIP/3.0 200 OK', 'UNSUPPORTED_VERSION'],
    ['OPTIONS sip:t.watson@example.org SIP/7.0', 'UNSUPPORTED_VERSION (answerable: OPTIONS)'],
    ['INVITE  sip:user@example.com  SIP/2.0', 'BAD_START_LINE (answerable: INVITE)'],
    ['INVITE sip:user@example.com; lr SIP/2.0', 'BAD_START_LINE (answerable: INVITE)'],
    ['OPTIONS sip:remote-target@example.com SIP/2.0  ', 'BAD_START_LINE (answerable: OPTIONS)'],
    ['INVITE sip:user@example.com SIP/2', 'BAD_START_LINE'],
    ['INVITE sip:user@example.com', 'BAD_START_LINE'],
    ['GET / HTTP/1.1', 'BAD_START_LINE'],
    ['', 'BAD_START_LINE'],
    ['\0\0\0', 'BAD_START_LINE'],
    ['SIP/2.0 200 O\nK', 'BAD_START_LINE'],
    ['INVITE sip:a@b\r SIP/2.0', 'BAD_START_LINE'],
  ];
  for (const [line, expected] of table) {
    test(`${JSON.stringify(line)} → ${expected}`, () => {
      const result = parseStartLine(line);
      const actual = result.ok
        ? result.line.kind === 'request'
          ? `request ${result.line.method}`
          : `response ${result.line.status} ${result.line.reason}`
        : result.error.code + (result.method === undefined ? '' : ` (answerable: ${result.method})`);
      assert.equal(actual, expected);
    });
  }
});

describe('parsing a datagram (RFC 3261 §18.3)', () => {
  test('parses a request into the model and its core headers', () => {
    const result = parseSipMessage(options({}));
    assert.ok(result.ok);
    assert.equal(result.message.kind, 'request');
    assert.deepEqual([result.core.callId, result.core.cseq, result.core.maxForwards, result.core.vias[0]?.branch], ['a84b4c76e66710', { seq: 63104, method: 'OPTIONS' }, 70, 'z9hG4bKhjhs8ass877']);
    assert.equal(result.core.from.displayName, 'Alice');
  });

  test('takes the body to the end of the datagram when there is no Content-Length', () => {
    const result = parseSipMessage(Buffer.concat([options({ 'Content-Length': null }), Buffer.from('v=0\r\n')]));
    assert.ok(result.ok);
    assert.equal(Buffer.from(result.message.body).toString(), 'v=0\r\n');
  });

  test('truncates the body to a shorter Content-Length (RFC 4475 §3.1.1.8)', () => {
    const result = parseSipMessage(Buffer.concat([options({ 'Content-Length': '3' }), Buffer.from('v=0\r\nINVITE junk')]));
    assert.ok(result.ok);
    assert.equal(Buffer.from(result.message.body).toString(), 'v=0');
  });

  test('refuses a Content-Length longer than the datagram with an answerable 400 (RFC 4475 §3.1.2.2)', () => {
    const result = parseSipMessage(Buffer.concat([options({ 'Content-Length': '9999' }), Buffer.from('v=0\r\n')]));
    assert.equal(!result.ok && result.error.code, 'CONTENT_LENGTH_MISMATCH');
    assert.equal(!result.ok && result.error.reply?.status, 400);
  });

  test('requires an exact Content-Length in stream framing (§18.3)', () => {
    const missing = parseSipMessage(options({ 'Content-Length': null }), { framing: 'stream' });
    assert.equal(!missing.ok && missing.error.code, 'MISSING_CONTENT_LENGTH');
    const extra = parseSipMessage(Buffer.concat([options({}), Buffer.from('x')]), { framing: 'stream' });
    assert.equal(!extra.ok && extra.error.code, 'CONTENT_LENGTH_MISMATCH');
    assert.equal(parseSipMessage(options({}), { framing: 'stream' }).ok, true);
  });

  test('ignores CRLFs before the start line (§7.5) and tells keep-alives apart', () => {
    assert.equal(parseSipMessage(Buffer.concat([Buffer.from('\r\n\r\n'), options({})])).ok, true);
    const empty = parseSipMessage(Buffer.from('\r\n\r\n'));
    assert.equal(!empty.ok && empty.error.code, 'EMPTY_MESSAGE');
    assert.equal(isKeepAlive(Buffer.from('\r\n\r\n')), true);
    assert.equal(isKeepAlive(Buffer.from('\r\nX')), false);
    assert.equal(isKeepAlive(Buffer.alloc(0)), false);
  });

  test('reads UTF-8 in display names and reason phrases', () => {
    const result = parseSipMessage(options({ From: '"Zoë Ελένη" <sip:zoe@example.com>;tag=9' }));
    assert.ok(result.ok);
    assert.equal(result.core.from.displayName, 'Zoë Ελένη');
  });
});

describe('what RFC 3261 §8.2 refuses, and whether a 400 can be sent', () => {
  const table: [string, Buffer, SipParseErrorCode, number | null][] = [
    ['missing Call-ID', options({ 'Call-ID': null }), 'MISSING_HEADER', 400],
    ['missing From', options({ From: null }), 'MISSING_HEADER', 400],
    ['missing To', options({ To: null }), 'MISSING_HEADER', 400],
    ['missing CSeq', options({ CSeq: null }), 'MISSING_HEADER', 400],
    ['missing Via (nowhere to answer)', options({ Via: null }), 'MISSING_HEADER', null],
    ['a malformed top Via (nowhere to answer)', options({ Via: 'garbage' }), 'MALFORMED_HEADER', null],
    ['a CSeq method that differs from the method', options({ CSeq: '1 INVITE' }), 'CSEQ_METHOD_MISMATCH', 400],
    ['a CSeq of 2^31', options({ CSeq: '2147483648 OPTIONS' }), 'MALFORMED_HEADER', 400],
    ['Max-Forwards 256', options({ 'Max-Forwards': '256' }), 'MALFORMED_HEADER', 400],
    ['a negative Content-Length', options({ 'Content-Length': '-1' }), 'BAD_CONTENT_LENGTH', 400],
    ['two Call-IDs', Buffer.concat([options({ 'Call-ID': 'a@b' }).subarray(0, -2), Buffer.from('Call-ID: c@d\r\n\r\n')]), 'DUPLICATE_HEADER', 400],
    ['a malformed Contact', options({ Contact: '<sip:a@b' }), 'MALFORMED_HEADER', 400],
    ['a malformed Record-Route', options({ 'Record-Route': 'sip:p1;lr' }), 'MALFORMED_HEADER', 400],
    ['headers in the Request-URI', options({}, 'OPTIONS sip:a@b?Route=x SIP/2.0'), 'BAD_REQUEST_URI', 400],
    ['an unreadable Request-URI', options({}, 'OPTIONS <sip:a@b> SIP/2.0'), 'BAD_REQUEST_URI', 400],
    ['SIP/2.1', options({}, 'OPTIONS sip:a@b SIP/2.1'), 'UNSUPPORTED_VERSION', 505],
    ['a header line without a colon', Buffer.concat([options({}).subarray(0, -2), Buffer.from('garbage\r\n\r\n')]), 'BAD_HEADER_LINE', 400],
    ['no empty line after the headers', options({}).subarray(0, -2), 'INCOMPLETE_MESSAGE', 400],
    ['more Vias than any loop-free path has', options({ Via: Array.from({ length: 71 }, (_, i) => `SIP/2.0/UDP h${i};branch=z9hG4bK${i}`).join(', ') }), 'TOO_MANY_VIAS', 400],
    ['an ACK with an error (never answered, §17.1.1.3)', options({ CSeq: '1 ACK' }, 'ACK sip:a@b SIP/2.0'), 'MISSING_HEADER', null],
  ];
  for (const [what, bytes, code, status] of table) {
    test(`${what} → ${code}, ${status === null ? 'dropped' : `answered ${status}`}`, () => {
      const input = what.startsWith('an ACK') ? Buffer.from(bytes.toString().replace('Call-ID: a84b4c76e66710\r\n', '')) : bytes;
      const result = parseSipMessage(input);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.code, code);
      assert.equal(result.error.reply?.status ?? null, status);
    });
  }

  test('a reply copies Via, From, To, Call-ID and CSeq as received and names the problem', () => {
    const result = parseSipMessage(options({ 'Max-Forwards': '300' }));
    assert.ok(!result.ok && result.error.reply);
    const reply = result.error.reply;
    assert.equal(reply.reasonPhrase, 'Malformed Max-Forwards');
    assert.equal(reply.request.method, 'OPTIONS');
    assert.deepEqual(reply.request.headers.map((h) => h.name), ['Via', 'To', 'From', 'Call-ID', 'CSeq']);
    assert.equal(reply.via.host, 'pc33.atlanta.com');
  });

  test('never answers a response, whatever is wrong with it', () => {
    for (const bytes of [
      sipText('SIP/2.0 200 OK', 'Via: SIP/2.0/UDP a;branch=z9hG4bK1', 'CSeq: 9292394834772304023312 OPTIONS'),
      sipText('SIP/2.0 4294967301 better not break the receiver', 'Via: SIP/2.0/UDP a;branch=z9hG4bK1'),
    ]) {
      const result = parseSipMessage(bytes);
      assert.equal(!result.ok && result.error.reply, undefined);
    }
  });

  test('answers an oversized request with 513 and drops an oversized head', () => {
    const big = Buffer.concat([options({ 'Content-Length': null }), Buffer.alloc(SIP_MESSAGE_LIMITS.maxMessageBytes, 0x61)]);
    const result = parseSipMessage(big);
    assert.equal(!result.ok && result.error.reply?.status, 513);
    const hugeHead = parseSipMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nX: ' + 'a'.repeat(SIP_MESSAGE_LIMITS.maxHeadBytes)));
    assert.equal(!hugeHead.ok && hugeHead.error.code, 'MESSAGE_TOO_LARGE');
  });
});
