/**
 * Inputs built to make a naive parser slow (backtracking regular expressions, rescanning a
 * growing buffer, quadratic string building). Each must finish in linear-ish time; the bounds
 * are generous (they catch a quadratic blow-up, not a slow machine).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseNameAddr, parseSipMessage, parseUri, parseVia, SipStreamFramer, splitHeaderList } from '../../../../src/main/sip/message/index.js';
import { readParams } from '../../../../src/main/sip/message/generic-params.js';

const N = 60_000;

function timed(what: string, run: () => unknown): void {
  const started = performance.now();
  run();
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 1500, `${what} took ${elapsed.toFixed(0)} ms`);
}

function message(headerLine: string): Buffer {
  return Buffer.from(`OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n${headerLine}\r\n\r\n`);
}

describe('adversarial inputs stay linear', () => {
  const values: [string, string][] = [
    ['an unterminated quote', '"' + 'a\\"'.repeat(N / 3)],
    ['angle brackets that never close', '<'.repeat(N)],
    ['thousands of empty parameters', ';'.repeat(N)],
    ['thousands of parameters', ';a=b'.repeat(N / 4)],
    ['thousands of commas', ','.repeat(N)],
    ['a long token display name', 'a '.repeat(N / 2) + '<sip:a@b>'],
    ['a long host', 'sip:' + 'a.'.repeat(N / 2) + 'com'],
    ['many escapes', 'sip:' + '%41'.repeat(N / 3) + '@b'],
    ['many slashes in a Via', 'SIP' + ' / '.repeat(N / 3)],
  ];
  for (const [what, value] of values) {
    test(`header values: ${what}`, () => {
      timed(what, () => {
        parseNameAddr(value);
        parseUri(value);
        parseVia(value);
        splitHeaderList(value);
        readParams(value, 0);
      });
    });
  }

  test('a head of thousands of folded lines is refused quickly', () => {
    timed('folds', () => parseSipMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nSubject: x\r\n' + ' y\r\n'.repeat(N / 4) + '\r\n')));
  });

  test('a message of thousands of tiny headers is refused quickly', () => {
    timed('headers', () => parseSipMessage(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n' + 'a:b\r\n'.repeat(N / 5) + '\r\n')));
  });

  test('a Contact list of thousands of entries parses in linear time', () => {
    timed('contacts', () => parseSipMessage(message('Contact: ' + Array.from({ length: 400 }, (_, i) => `<sip:u${i}@h>`).join(','))));
  });

  test('the framer fed a 64 KiB message one byte at a time does not rescan its buffer', () => {
    const body = Buffer.alloc(60_000, 0x61);
    const head = Buffer.from(`MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 MESSAGE\r\nContent-Length: ${body.length}\r\n\r\n`);
    const stream = Buffer.concat([head, body]);
    const framer = new SipStreamFramer();
    let events = 0;
    timed('byte at a time', () => {
      for (let i = 0; i < stream.length; i++) events += framer.push(stream.subarray(i, i + 1)).length;
    });
    assert.equal(events, 1);
  });

  test('a header section without an end, fed in small chunks, is refused once it passes the limit', () => {
    const framer = new SipStreamFramer();
    const chunk = Buffer.from('X-Junk: ' + 'j'.repeat(90) + '\r\n');
    let malformed = false;
    timed('endless head', () => {
      framer.push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n'));
      for (let i = 0; i < 2000 && !malformed; i++) malformed = framer.push(chunk).some((e) => e.type === 'malformed');
    });
    assert.equal(malformed, true);
  });
});
