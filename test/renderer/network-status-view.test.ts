import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NetworkStatus } from '../../src/shared/api-contract.js';
import { networkStatusView } from '../../src/renderer/view/network-status-view.js';

const base: NetworkStatus = { state: 'online', peers: 3, bootstrap: [], privateNetwork: false, since: 0 };

test('network status reads as a label and a tone', () => {
  const table: Array<[status: NetworkStatus | null, label: string, tone: string]> = [
    [null, 'Connecting…', 'pending'],
    [{ ...base, state: 'connecting', peers: 0 }, 'Connecting…', 'pending'],
    [{ ...base, state: 'online', peers: 3 }, 'Online · 3 DHT peers', 'good'],
    [{ ...base, state: 'online', peers: 1 }, 'Online · 1 DHT peer', 'good'],
    [{ ...base, state: 'online', peers: 0 }, 'Online · 0 DHT peers', 'good'],
    [{ ...base, state: 'offline', peers: 0 }, 'Offline', 'bad'],
  ];
  for (const [status, label, tone] of table) {
    const view = networkStatusView(status);
    assert.equal(view.label, label, JSON.stringify(status));
    assert.equal(view.tone, tone, JSON.stringify(status));
  }
});

test('a private network is labelled and its bootstrap nodes described', () => {
  const view = networkStatusView({ ...base, privateNetwork: true, bootstrap: ['127.0.0.1:4000', '127.0.0.1:4001'] });
  assert.equal(view.privateNetworkLabel, 'Private network');
  assert.match(view.description, /private DHT through 127\.0\.0\.1:4000, 127\.0\.0\.1:4001/);
});

test('the public DHT needs no label', () => {
  const view = networkStatusView(base);
  assert.equal(view.privateNetworkLabel, null);
  assert.match(view.description, /public DHT/);
});
