import assert from 'node:assert/strict';
import { type NetworkInterfaceInfo } from 'node:os';
import { describe, test } from 'node:test';
import { advertisedHost, isWildcardHost } from '../../../../src/main/sip/transport/advertised-host.js';

function nic(address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo {
  const common = { address, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv4' ? { ...common, family } : { ...common, family, scopeid: 0 };
}

const INTERFACES: NodeJS.Dict<NetworkInterfaceInfo[]> = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('fe80::1', 'IPv6', false), nic('192.0.2.10', 'IPv4', false), nic('2001:db8::10', 'IPv6', false)],
};

describe('advertisedHost (the sent-by of a transport)', () => {
  const table: [string, NodeJS.Dict<NetworkInterfaceInfo[]>, string][] = [
    ['127.0.0.1', INTERFACES, '127.0.0.1'],
    ['192.0.2.10', INTERFACES, '192.0.2.10'],
    ['[::1]', INTERFACES, '::1'],
    ['0.0.0.0', INTERFACES, '192.0.2.10'],
    ['::', INTERFACES, '2001:db8::10'],
    ['0.0.0.0', { lo: INTERFACES['lo'] ?? [] }, '127.0.0.1'],
    ['::', { lo: INTERFACES['lo'] ?? [] }, '::1'],
  ];
  for (const [bind, interfaces, expected] of table) {
    test(`bound to ${bind} → ${expected}`, () => assert.equal(advertisedHost(bind, interfaces), expected));
  }

  test('knows the wildcards', () => {
    assert.equal(isWildcardHost('0.0.0.0'), true);
    assert.equal(isWildcardHost('::'), true);
    assert.equal(isWildcardHost('0:0:0:0:0:0:0:0'), true);
    assert.equal(isWildcardHost('127.0.0.1'), false);
  });
});
