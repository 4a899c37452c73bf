import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCSeq, parseCSeq } from '../../../../src/main/sip/message/index.js';
import { parseDecimal } from '../../../../src/main/sip/message/abnf.js';
import { parseCallId, parseContentLength, parseDeltaSeconds, parseMaxForwards } from '../../../../src/main/sip/message/scalar-headers.js';

describe('CSeq (RFC 3261 §20.16, §8.1.1.5)', () => {
  const table: [string, { seq: number; method: string } | null][] = [
    ['1 INVITE', { seq: 1, method: 'INVITE' }],
    ['0009 INVITE', { seq: 9, method: 'INVITE' }],
    ['0 ACK', { seq: 0, method: 'ACK' }],
    ['  314159   BYE  ', { seq: 314159, method: 'BYE' }],
    ['2147483647 OPTIONS', { seq: 2147483647, method: 'OPTIONS' }],
    ["139122385 !interesting-Method0123456789_*+`.%indeed'~", { seq: 139122385, method: "!interesting-Method0123456789_*+`.%indeed'~" }],
    ['2147483648 OPTIONS', null],
    ['36893488147419103232 REGISTER', null],
    ['-1 INVITE', null],
    ['INVITE', null],
    ['1', null],
    ['1 INV ITE', null],
    ['1INVITE', null],
    ['1.5 INVITE', null],
  ];
  for (const [text, expected] of table) {
    test(`${JSON.stringify(text)} → ${expected ? `${expected.seq} ${expected.method}` : 'refused'}`, () => assert.deepEqual(parseCSeq(text), expected));
  }
  test('formats', () => assert.equal(formatCSeq({ seq: 7, method: 'BYE' }), '7 BYE'));
});

describe('numeric headers', () => {
  const table: [string, (value: string) => number | null, string, number | null][] = [
    ['Max-Forwards', parseMaxForwards, '70', 70],
    ['Max-Forwards', parseMaxForwards, '0068', 68],
    ['Max-Forwards', parseMaxForwards, '0', 0],
    ['Max-Forwards', parseMaxForwards, '255', 255],
    ['Max-Forwards', parseMaxForwards, '256', null],
    ['Max-Forwards', parseMaxForwards, '300', null],
    ['Max-Forwards', parseMaxForwards, '-1', null],
    ['Max-Forwards', parseMaxForwards, '', null],
    ['Max-Forwards', parseMaxForwards, '7 0', null],
    ['Content-Length', parseContentLength, ' 150 ', 150],
    ['Content-Length', parseContentLength, '0', 0],
    ['Content-Length', parseContentLength, '-999', null],
    ['Content-Length', parseContentLength, 'five', null],
    ['Content-Length', parseContentLength, '99999999999999999999', null],
    ['Expires', parseDeltaSeconds, '7200', 7200],
    ['Expires', parseDeltaSeconds, '4294967295', 4294967295],
    ['Expires', parseDeltaSeconds, '4294967296', null],
    ['Expires', parseDeltaSeconds, '1' + '0'.repeat(100), null],
  ];
  for (const [header, parse, text, expected] of table) {
    test(`${header}: ${JSON.stringify(text)} → ${expected}`, () => assert.equal(parse(text), expected));
  }

  test('never turns an overlong number into an imprecise float', () => {
    assert.equal(parseDecimal('9'.repeat(400), Number.MAX_SAFE_INTEGER), null);
    assert.equal(parseDecimal('0'.repeat(400) + '7', 10), 7);
    assert.equal(parseDecimal('0'.repeat(5), 10), 0);
  });
});

describe('Call-ID (RFC 3261 §20.8)', () => {
  const table: [string, string | null][] = [
    ['a84b4c76e66710@pc33.atlanta.com', 'a84b4c76e66710@pc33.atlanta.com'],
    ['  843817637684230@998sdasdh09  ', '843817637684230@998sdasdh09'],
    ['3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..', '3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..'],
    ["intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"],
    ['', null],
    ['two words', null],
    ['a@b@c', null],
    ['@host', null],
    ['id@', null],
    ['nul\0inside', null],
  ];
  for (const [text, expected] of table) test(`${JSON.stringify(text)} → ${expected === null ? 'refused' : 'accepted'}`, () => assert.equal(parseCallId(text), expected));
});
