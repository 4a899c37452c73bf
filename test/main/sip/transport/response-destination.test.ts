import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseVia } from '../../../../src/main/sip/message/index.js';
import { responseDestination, type TransportAddress } from '../../../../src/main/sip/transport/index.js';

function via(text: string) {
  const parsed = parseVia(text);
  if (!parsed) throw new Error(`bad Via in the table: ${text}`);
  return parsed;
}

const UDP_SOURCE: TransportAddress = { protocol: 'UDP', host: '192.0.2.7', port: 40_000 };
const TCP_SOURCE: TransportAddress = { protocol: 'TCP', host: '192.0.2.7', port: 51_000, connectionId: 'tcp-3' };
const PARLEY_SOURCE: TransportAddress = { protocol: 'PARLEY', host: 'ab'.repeat(32), port: 0, connectionId: 'parley-1' };

/** [case, top Via (as stamped), request source, connection open, expected route] */
const TABLE: [string, string, TransportAddress, boolean, string][] = [
  // RFC 3261 §18.2.2, unreliable
  ['UDP, no received: the sent-by address and port', 'SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1', UDP_SOURCE, false, 'UDP 192.0.2.7:5070'],
  ['UDP, no port: 5060', 'SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1', UDP_SOURCE, false, 'UDP 192.0.2.7:5060'],
  ['UDP, received: that address at the sent-by port', 'SIP/2.0/UDP pc33.example.com:5070;branch=z9hG4bK1;received=192.0.2.7', UDP_SOURCE, false, 'UDP 192.0.2.7:5070'],
  ['UDP, received, no port: 5060', 'SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1;received=192.0.2.7', UDP_SOURCE, false, 'UDP 192.0.2.7:5060'],
  ['UDP, maddr: the maddr at the sent-by port', 'SIP/2.0/UDP 192.0.2.7:5070;branch=z9hG4bK1;maddr=239.255.255.1;ttl=16;received=192.0.2.9', UDP_SOURCE, false, 'UDP 239.255.255.1:5070 ttl 16'],
  ['UDP, maddr without port: 5060', 'SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1;maddr=192.0.2.200', UDP_SOURCE, false, 'UDP 192.0.2.200:5060'],
  ['UDP, maddr names a host: no DNS', 'SIP/2.0/UDP 192.0.2.7;branch=z9hG4bK1;maddr=proxy.example.com', UDP_SOURCE, false, 'unroutable'],
  ['UDP, host name and no received: no DNS', 'SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1', UDP_SOURCE, false, 'unroutable'],
  // RFC 3581 §4
  ['UDP, received and rport: received at rport', 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;received=192.0.2.7;rport=40000', UDP_SOURCE, false, 'UDP 192.0.2.7:40000'],
  ['UDP, rport filled but no received: sent-by host at rport', 'SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1;rport=40001', UDP_SOURCE, false, 'UDP 192.0.2.7:40001'],
  ['UDP, rport asked but never filled: the sent-by port', 'SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bK1;rport', UDP_SOURCE, false, 'UDP 192.0.2.7:5062'],
  ['UDP, maddr wins over rport', 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport=40000;received=192.0.2.7;maddr=192.0.2.200', UDP_SOURCE, false, 'UDP 192.0.2.200:5060'],
  ['UDP, IPv6 received at rport', 'SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bK1;received=2001:db8::7;rport=40000', UDP_SOURCE, false, 'UDP 2001:db8::7:40000'],
  // RFC 3261 §18.2.2, reliable
  ['TCP, connection open: that connection', 'SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1;received=192.0.2.7', TCP_SOURCE, true, 'connection tcp-3'],
  ['TCP, connection closed: received at the sent-by port, never rport', 'SIP/2.0/TCP 10.0.0.1:5070;branch=z9hG4bK1;received=192.0.2.7;rport=51000', TCP_SOURCE, false, 'TCP 192.0.2.7:5070'],
  ['TCP, connection closed, no received, no port: sent-by at 5060', 'SIP/2.0/TCP 192.0.2.7;branch=z9hG4bK1', TCP_SOURCE, false, 'TCP 192.0.2.7:5060'],
  ['TLS, connection open: that connection', 'SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK1', TCP_SOURCE, true, 'connection tcp-3'],
  ['TLS, connection closed: not a transport of ours', 'SIP/2.0/TLS 192.0.2.7;branch=z9hG4bK1', TCP_SOURCE, false, 'unroutable'],
  ['PARLEY, stream open: that stream', 'SIP/2.0/PARLEY alice.parley.invalid:5060;branch=z9hG4bK1', PARLEY_SOURCE, true, 'connection parley-1'],
  ['PARLEY, stream closed: the peer again, by its key', 'SIP/2.0/PARLEY alice.parley.invalid:5060;branch=z9hG4bK1', PARLEY_SOURCE, false, `PARLEY ${'ab'.repeat(32)}:0`],
];

function describeRoute(route: ReturnType<typeof responseDestination>): string {
  if (route.kind === 'unroutable') return 'unroutable';
  if (route.kind === 'connection') return `connection ${route.destination.connectionId ?? '?'}`;
  const { protocol, host, port } = route.destination;
  return `${protocol} ${host}:${port}${route.ttl === undefined ? '' : ` ttl ${route.ttl}`}`;
}

describe('responseDestination (RFC 3261 §18.2.2, RFC 3581 §4)', () => {
  for (const [name, text, source, open, expected] of TABLE) {
    test(`${name} → ${expected}`, () => {
      assert.equal(describeRoute(responseDestination(via(text), source, open)), expected);
    });
  }

  test('a reliable route back on the connection keeps the whole request source', () => {
    const route = responseDestination(via('SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK1'), TCP_SOURCE, true);
    assert.deepEqual(route, { kind: 'connection', destination: TCP_SOURCE });
  });

  test('an unroutable route says why', () => {
    const route = responseDestination(via('SIP/2.0/UDP pc33.example.com;branch=z9hG4bK1'), UDP_SOURCE, false);
    assert.equal(route.kind, 'unroutable');
    assert.match(route.kind === 'unroutable' ? route.reason : '', /not an IP address/);
  });
});
