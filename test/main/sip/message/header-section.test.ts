import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalHeaderName, SIP_MESSAGE_LIMITS, SipHeaders } from '../../../../src/main/sip/message/index.js';
import { parseHeaderSection } from '../../../../src/main/sip/message/header-section.js';

function section(...lines: string[]) {
  return parseHeaderSection(lines.join('\r\n'), 0, SIP_MESSAGE_LIMITS);
}

describe('header lines and folding (RFC 3261 §7.3.1)', () => {
  test('unfolds continuation lines into one SP and trims the value', () => {
    const parsed = section('Via  : SIP  /   2.0', ' /UDP', '    192.0.2.2;branch=390skdjuw', 'cseq: 0009', '  INVITE', 'TO :', ' sip:vivekg@example.com ;tag=1');
    assert.equal(parsed.error, undefined);
    assert.deepEqual(parsed.fields, [
      { name: 'Via', value: 'SIP  /   2.0 /UDP 192.0.2.2;branch=390skdjuw' },
      { name: 'CSeq', value: '0009 INVITE' },
      { name: 'To', value: 'sip:vivekg@example.com ;tag=1' },
    ]);
  });

  test('keeps empty values and headers without a space after the colon', () => {
    assert.deepEqual(section('s :', 'L:0', 'X-Empty:').fields, [
      { name: 'Subject', value: '' },
      { name: 'Content-Length', value: '0' },
      { name: 'X-Empty', value: '' },
    ]);
  });

  const broken: [string[], string][] = [
    [['No colon here'], 'BAD_HEADER_LINE'],
    [['Bad Name: x'], 'BAD_HEADER_LINE'],
    [[': no name'], 'BAD_HEADER_LINE'],
    [[' folded: first'], 'BAD_HEADER_LINE'],
    [['To: a\rb'], 'BAD_HEADER_LINE'],
    [['To: a\nb'], 'BAD_HEADER_LINE'],
    [['X: ' + 'a'.repeat(SIP_MESSAGE_LIMITS.maxLineLength)], 'LINE_TOO_LONG'],
    [['X: a', ...Array.from({ length: 1000 }, () => ' ' + 'b'.repeat(20))], 'LINE_TOO_LONG'],
    [Array.from({ length: SIP_MESSAGE_LIMITS.maxHeaderCount + 1 }, (_, i) => `X-${i}: ${i}`), 'TOO_MANY_HEADERS'],
  ];
  for (const [lines, code] of broken) {
    test(`refuses ${JSON.stringify(lines[0]).slice(0, 40)}${lines.length > 1 ? ` and ${lines.length - 1} more lines` : ''} with ${code}`, () => {
      assert.equal(section(...lines).error?.code, code);
    });
  }

  test('keeps the fields read before a broken line, so a 400 can still copy Via', () => {
    const parsed = section('Via: SIP/2.0/UDP a;branch=z9hG4bK1', 'garbage');
    assert.equal(parsed.error?.code, 'BAD_HEADER_LINE');
    assert.deepEqual(parsed.fields.map((f) => f.name), ['Via']);
  });
});

describe('header names (RFC 3261 §7.3.3, §20)', () => {
  const table: [string, string][] = [
    ['i', 'Call-ID'], ['m', 'Contact'], ['e', 'Content-Encoding'], ['l', 'Content-Length'], ['c', 'Content-Type'],
    ['f', 'From'], ['s', 'Subject'], ['k', 'Supported'], ['t', 'To'], ['v', 'Via'], ['o', 'Event'], ['u', 'Allow-Events'],
    ['r', 'Refer-To'], ['b', 'Referred-By'], ['x', 'Session-Expires'], ['y', 'Identity'],
    ['I', 'Call-ID'], ['V', 'Via'], ['call-id', 'Call-ID'], ['CALL-ID', 'Call-ID'], ['cseq', 'CSeq'], ['MaX-fOrWaRdS', 'Max-Forwards'],
    ['www-authenticate', 'WWW-Authenticate'], ['NewFangledHeader', 'NewFangledHeader'], ['C%6Fntact', 'C%6Fntact'],
  ];
  for (const [name, canonical] of table) test(`${name} → ${canonical}`, () => assert.equal(canonicalHeaderName(name), canonical));
});

describe('SipHeaders', () => {
  const headers = SipHeaders.of([
    ['v', 'SIP/2.0/UDP a;branch=z9hG4bK1'],
    ['Via', 'SIP/2.0/UDP b;branch=z9hG4bK2'],
    ['CALL-ID', 'x@y'],
    ['X-Custom', 'one'],
  ]);

  test('finds fields case-insensitively and by compact form, in order', () => {
    assert.deepEqual(headers.all('VIA'), ['SIP/2.0/UDP a;branch=z9hG4bK1', 'SIP/2.0/UDP b;branch=z9hG4bK2']);
    assert.equal(headers.first('i'), 'x@y');
    assert.equal(headers.count('v'), 2);
    assert.equal(headers.has('x-custom'), true);
    assert.equal(headers.first('Contact'), undefined);
    assert.deepEqual(headers.fields.map((f) => f.name), ['Via', 'Via', 'Call-ID', 'X-Custom']);
  });

  test('updates return new headers and leave the original alone', () => {
    const changed = headers.prepend('Via', 'SIP/2.0/TCP c;branch=z9hG4bK0').set('x-custom', 'two').remove('Call-ID').append('Contact', '<sip:c@d>');
    assert.deepEqual(changed.fields.map((f) => [f.name, f.value]), [
      ['Via', 'SIP/2.0/TCP c;branch=z9hG4bK0'],
      ['Via', 'SIP/2.0/UDP a;branch=z9hG4bK1'],
      ['Via', 'SIP/2.0/UDP b;branch=z9hG4bK2'],
      ['X-Custom', 'two'],
      ['Contact', '<sip:c@d>'],
    ]);
    assert.equal(headers.size, 4);
  });

  test('refuses names that are not tokens and values that would inject lines', () => {
    assert.throws(() => SipHeaders.of([['Bad Name', 'x']]), { code: 'INVALID_HEADER_NAME' });
    assert.throws(() => SipHeaders.of([['Subject', 'hi\r\nVia: evil']]), { code: 'INVALID_HEADER_VALUE' });
    assert.throws(() => headers.append('Subject', 'a\nb'), { code: 'INVALID_HEADER_VALUE' });
  });
});
