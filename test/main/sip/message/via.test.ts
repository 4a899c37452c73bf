import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createVia, formatVia, getVias, parseSipMessage, parseVia, type Via } from '../../../../src/main/sip/message/index.js';
import { parseViaSentBy } from '../../../../src/main/sip/message/via.js';
import { sipText } from '../../../helpers/sip-model.js';

describe('Via (RFC 3261 §20.42, RFC 3581)', () => {
  const valid: [string, Partial<Via>][] = [
    ['SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds', { transport: 'UDP', host: 'pc33.atlanta.com', branch: 'z9hG4bK776asdhds' }],
    ['SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101', { transport: 'TCP', port: 5060, received: '192.0.2.101' }],
    ['SIP/2.0/udp 192.0.2.1;rport;branch=z9hG4bKa', { transport: 'UDP', hostKind: 'ipv4', rport: true, branch: 'z9hG4bKa' }],
    ['SIP/2.0/UDP 192.0.2.1:5060;rport=49152;received=203.0.113.9;branch=z9hG4bKb', { rport: 49152, received: '203.0.113.9' }],
    ['SIP/2.0/TLS [2001:db8::9]:5061;branch=z9hG4bKc;received=2001:db8::1', { host: '2001:db8::9', hostKind: 'ipv6', port: 5061, received: '2001:db8::1' }],
    ['SIP  /   2.0 /UDP 192.0.2.2;branch=390skdjuw', { protocolName: 'SIP', protocolVersion: '2.0', transport: 'UDP', branch: '390skdjuw' }],
    ['SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8', { host: 'spindle.example.com', branch: 'z9hG4bK9ikj8' }],
    ['SIP / 2.0 / UDP first.example.com: 4000;ttl=16 ;maddr=224.2.0.1 ;branch=z9hG4bKa7c6a8dlze.1', { port: 4000, branch: 'z9hG4bKa7c6a8dlze.1' }],
    ['SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en', { transport: 'UNKNOWN' }],
    ['SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw', { protocolVersion: '7.0' }],
    ['SIP/2.0/UDP iftgw.example.com', { host: 'iftgw.example.com', params: [] }],
  ];
  for (const [text, expected] of valid) {
    test(`parses ${text}`, () => {
      const via = parseVia(text);
      assert.ok(via, 'parses');
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(via[key as keyof Via], value, key);
      assert.deepEqual(parseVia(formatVia(via)), via, 'formats back to the same value');
    });
  }

  const invalid: [string, string][] = [
    ['SIP/2.0/UDP 192.0.2.15;;', 'an empty parameter (RFC 4475 §3.1.2.1)'],
    ['SIP/2.0 192.0.2.15', 'no transport'],
    ['SIP/2.0/UDP', 'no sent-by'],
    ['SIP/2.0/UDP host:99999', 'a port out of range'],
    ['SIP/2.0/UDP host;received=not.an.address', 'received that is not an IP address (§18.2.1)'],
    ['SIP/2.0/UDP host;rport=abc', 'a non-numeric rport'],
    ['SIP/2.0/UDP host;branch', 'a branch without value'],
    ['SIP/2.0/UDP host;ttl=300', 'a ttl over 255'],
    ['SIP/2.0/UDP host junk', 'trailing text'],
    ['SIP/2.0/UDPhost', 'no LWS before sent-by'],
  ];
  for (const [text, why] of invalid) {
    test(`refuses ${why}`, () => assert.equal(parseVia(text), null));
  }

  test('splits comma-separated Vias and keeps their order across fields (RFC 4475 §3.1.1.1)', () => {
    const parsed = parseSipMessage(sipText(
      'OPTIONS sip:a@b SIP/2.0',
      'v:  SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8  , SIP  /    2.0   / UDP  192.168.255.111   ; branch= z9hG4bK30239',
      'Via: SIP/2.0/UDP third.example.com;branch=z9hG4bK3',
      'From: <sip:a@b>;tag=1', 'To: <sip:a@b>', 'Call-ID: x', 'CSeq: 1 OPTIONS', 'Content-Length: 0',
    ));
    assert.ok(parsed.ok);
    const vias = getVias(parsed.message);
    assert.ok(vias.ok);
    assert.deepEqual(vias.value.map((via) => [via.host, via.branch]), [
      ['spindle.example.com', 'z9hG4bK9ikj8'],
      ['192.168.255.111', 'z9hG4bK30239'],
      ['third.example.com', 'z9hG4bK3'],
    ]);
  });

  test('reads the sent-by of a Via whose parameters are broken, so a 400 can still go back', () => {
    const via = parseViaSentBy('SIP/2.0/UDP 192.0.2.15:5062;;');
    assert.deepEqual([via?.host, via?.port, via?.params], ['192.0.2.15', 5062, []]);
    assert.equal(parseViaSentBy('garbage'), null);
  });

  test('creates the Via of an outgoing request', () => {
    const via = createVia({ transport: 'udp', host: '::1', port: 5060, branch: 'z9hG4bK1', rport: true });
    assert.equal(formatVia(via), 'SIP/2.0/UDP [::1]:5060;branch=z9hG4bK1;rport');
    assert.equal(via.rport, true);
    assert.throws(() => createVia({ transport: 'udp', host: 'bad host', branch: 'b' }), { code: 'INVALID_MESSAGE_PART' });
  });
});
