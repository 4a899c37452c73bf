import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseRequestProtocol, type RequestProtocolInput } from '../../../../src/main/sip/transport/index.js';

/** [case, input, protocol] — RFC 3261 §18.1.1 */
const TABLE: [string, RequestProtocolInput, string][] = [
  ['a small request stays on UDP', { protocol: 'UDP', messageBytes: 800, tcpAvailable: true }, 'UDP'],
  ['1300 bytes with an unknown MTU stays on UDP', { protocol: 'UDP', messageBytes: 1300, tcpAvailable: true }, 'UDP'],
  ['1301 bytes with an unknown MTU moves to TCP', { protocol: 'UDP', messageBytes: 1301, tcpAvailable: true }, 'TCP'],
  ['within 200 bytes of a known MTU moves to TCP', { protocol: 'UDP', messageBytes: 1300, pathMtu: 1500, tcpAvailable: true }, 'TCP'],
  ['just outside 200 bytes of a known MTU stays', { protocol: 'UDP', messageBytes: 1299, pathMtu: 1500, tcpAvailable: true }, 'UDP'],
  ['a large known MTU lets a large request stay', { protocol: 'UDP', messageBytes: 4000, pathMtu: 9000, tcpAvailable: true }, 'UDP'],
  ['no TCP transport: it stays on UDP', { protocol: 'UDP', messageBytes: 5000, tcpAvailable: false }, 'UDP'],
  ['TCP stays TCP', { protocol: 'TCP', messageBytes: 100, tcpAvailable: true }, 'TCP'],
  ['PARLEY stays PARLEY, however large', { protocol: 'PARLEY', messageBytes: 60_000, tcpAvailable: true }, 'PARLEY'],
];

describe('chooseRequestProtocol (RFC 3261 §18.1.1)', () => {
  for (const [name, input, expected] of TABLE) test(`${name} → ${expected}`, () => assert.equal(chooseRequestProtocol(input), expected));
});
