import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBootstrapList } from '../../../src/main/p2p/bootstrap-address.js';
import { natOf, networkStateOf, type DhtHealth, type NatSamples } from '../../../src/main/p2p/network-status.js';
import { isParleyError } from '../../../src/main/parley-error.js';

describe('the network state', () => {
  const cases: Array<[string, DhtHealth, string]> = [
    ['before the first bootstrap query ends', { bootstrapped: false, online: true, destroyed: false, peers: 0 }, 'connecting'],
    ['bootstrapped with peers', { bootstrapped: true, online: true, destroyed: false, peers: 5 }, 'online'],
    ['bootstrapped but nobody answered', { bootstrapped: true, online: true, destroyed: false, peers: 0 }, 'offline'],
    ['when the health check sees no responses', { bootstrapped: true, online: false, destroyed: false, peers: 5 }, 'offline'],
    ['after shutdown', { bootstrapped: true, online: true, destroyed: true, peers: 5 }, 'offline'],
  ];
  for (const [when, health, state] of cases) {
    test(`is ${state} ${when}`, () => assert.equal(networkStateOf(health), state));
  }
});

describe('the NAT type and public address', () => {
  const seen = (host: string | null, port: number, samples: number, firewalled = true): NatSamples => ({ host, port, samples, firewalled });
  const cases: Array<[string, NatSamples, ReturnType<typeof natOf>]> = [
    ['unknown before any node replied', seen(null, 0, 0), { nat: 'unknown', publicAddress: null }],
    ['unknown after a single reply, which always agrees with itself', seen('203.0.113.7', 40000, 1), { nat: 'unknown', publicAddress: null }],
    ['unknown after two replies', seen('203.0.113.7', 40000, 2), { nat: 'unknown', publicAddress: null }],
    ['unknown when the replies agree on nothing', seen(null, 0, 9), { nat: 'unknown', publicAddress: null }],
    ['consistent when three replies saw one address but nobody reached us unasked', seen('203.0.113.7', 40000, 3), { nat: 'consistent', publicAddress: '203.0.113.7:40000' }],
    ['random when the replies agree on the host but saw different ports', seen('203.0.113.7', 0, 6), { nat: 'random', publicAddress: null }],
    ['open once other nodes reached our server socket unasked', seen('198.51.100.2', 49737, 5, false), { nat: 'open', publicAddress: '198.51.100.2:49737' }],
  ];
  for (const [what, samples, expected] of cases) {
    test(`is ${what}`, () => assert.deepEqual(natOf(samples), expected));
  }
});

describe('--bootstrap', () => {
  test('takes HOST:PORT lists', () => {
    assert.deepEqual(parseBootstrapList('127.0.0.1:49737, node.example:1'), [
      { host: '127.0.0.1', port: 49737 },
      { host: 'node.example', port: 1 },
    ]);
  });
  for (const bad of ['', ',', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', 'host:port', 'a b:1', ':49737']) {
    test(`refuses '${bad}' with a clear error`, () => {
      assert.throws(() => parseBootstrapList(bad), (error) => isParleyError(error, 'BAD_BOOTSTRAP_ADDRESS'));
    });
  }
});
