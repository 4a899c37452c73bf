import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBootstrapList } from '../../../src/main/p2p/bootstrap-address.js';
import { networkStateOf, type DhtHealth } from '../../../src/main/p2p/network-status.js';
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
