import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatVia, parseVia, SipHeaders } from '../../../../src/main/sip/message/index.js';
import { normalizeHost } from '../../../../src/main/sip/transport/normalize-host.js';
import { replaceTopVia } from '../../../../src/main/sip/transport/replace-top-via.js';
import { stampReceived, type PacketSource } from '../../../../src/main/sip/transport/index.js';

function via(text: string) {
  const parsed = parseVia(text);
  if (!parsed) throw new Error(`bad Via in the table: ${text}`);
  return parsed;
}

const FROM = (host: string, port = 5060): PacketSource => ({ host, port });

/** [case, top Via as sent, packet source, top Via as passed up] */
const TABLE: [string, string, PacketSource, string][] = [
  // RFC 3261 §18.2.1
  ['sent-by is the source address: untouched', 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1', FROM('192.0.2.7'), 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1'],
  ['sent-by host differs: received added', 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1', FROM('192.0.2.7'), 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;received=192.0.2.7'],
  ['sent-by is a host name: received added', 'SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bK1', FROM('192.0.2.4'), 'SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bK1;received=192.0.2.4'],
  ['only the host is compared, not the port', 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1', FROM('192.0.2.7', 40_000), 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1'],
  ['IPv6 compares by value', 'SIP/2.0/UDP [2001:db8:0:0::7]:5060;branch=z9hG4bK1', FROM('2001:db8::7'), 'SIP/2.0/UDP [2001:db8:0:0::7]:5060;branch=z9hG4bK1'],
  ['IPv6 source that differs: received without brackets', 'SIP/2.0/UDP [2001:db8::9];branch=z9hG4bK1', FROM('2001:db8::7'), 'SIP/2.0/UDP [2001:db8::9];branch=z9hG4bK1;received=2001:db8::7'],
  ['an IPv4-mapped source is its IPv4 address', 'SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1', FROM('::ffff:192.0.2.7'), 'SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1'],
  // RFC 3581 §4
  ['rport asked: filled, and received added even when equal', 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport', FROM('192.0.2.7', 40_000), 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport=40000;received=192.0.2.7'],
  ['rport asked behind a NAT: both filled', 'SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff', FROM('192.0.2.1', 9988), 'SIP/2.0/UDP 10.1.1.1:4540;rport=9988;branch=z9hG4bKkjshdyff;received=192.0.2.1'],
  ['rport already has a value: left alone', 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport=1234', FROM('192.0.2.7', 40_000), 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport=1234'],
  ['a received the client wrote is corrected', 'SIP/2.0/UDP 192.0.2.7;received=198.51.100.1;branch=z9hG4bK1', FROM('192.0.2.7'), 'SIP/2.0/UDP 192.0.2.7;received=192.0.2.7;branch=z9hG4bK1'],
  ['a received that is right stays', 'SIP/2.0/UDP 10.0.0.1;received=192.0.2.7;branch=z9hG4bK1', FROM('192.0.2.7'), 'SIP/2.0/UDP 10.0.0.1;received=192.0.2.7;branch=z9hG4bK1'],
  ['a PARLEY source is a key, not an address: untouched', 'SIP/2.0/PARLEY alice.parley.invalid;branch=z9hG4bK1;rport', FROM('ab'.repeat(32), 0), 'SIP/2.0/PARLEY alice.parley.invalid;branch=z9hG4bK1;rport'],
];

describe('stampReceived (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  for (const [name, sent, source, expected] of TABLE) {
    test(name, () => {
      const stamped = stampReceived(via(sent), source);
      assert.equal(formatVia(stamped), expected);
    });
  }

  test('the typed fields agree with the parameters', () => {
    const stamped = stampReceived(via('SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bK1'), FROM('192.0.2.1', 9988));
    assert.equal(stamped.received, '192.0.2.1');
    assert.equal(stamped.rport, 9988);
  });

  test('nothing to stamp returns the very same Via', () => {
    const original = via('SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1');
    assert.equal(stampReceived(original, FROM('192.0.2.7')), original);
  });
});

describe('replaceTopVia', () => {
  const stamped = via('SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=192.0.2.7');

  test('replaces only the first value of a comma-separated first Via field', () => {
    const headers = SipHeaders.of([['Via', 'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1, SIP/2.0/UDP proxy.example.com;branch=z9hG4bK0'], ['Via', 'SIP/2.0/UDP c.example.com;branch=z9hG4bKc'], ['Call-ID', 'x']]);
    assert.deepEqual(replaceTopVia(headers, stamped).all('Via'), [
      'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1;received=192.0.2.7, SIP/2.0/UDP proxy.example.com;branch=z9hG4bK0',
      'SIP/2.0/UDP c.example.com;branch=z9hG4bKc',
    ]);
  });

  test('keeps the other fields in order, compact Via included', () => {
    const headers = SipHeaders.of([['Call-ID', 'x'], ['v', 'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1'], ['CSeq', '1 OPTIONS']]);
    assert.deepEqual(replaceTopVia(headers, stamped).fields.map((f) => f.name), ['Call-ID', 'Via', 'CSeq']);
  });
});

describe('normalizeHost', () => {
  const table: [string, string][] = [
    ['192.0.2.7', '192.0.2.7'],
    ['[2001:DB8:0:0:0:0:0:7]', '2001:db8::7'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:7f00:1', '127.0.0.1'],
    ['::1', '::1'],
    ['Atlanta.Example.COM', 'atlanta.example.com'],
  ];
  for (const [input, expected] of table) test(`${input} → ${expected}`, () => assert.equal(normalizeHost(input), expected));
});
