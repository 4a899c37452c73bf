import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NetworkStatus } from '../../src/shared/api-contract.js';
import { natText, networkDetails, networkStatusView } from '../../src/renderer/view/network-status-view.js';

const base: NetworkStatus = { state: 'online', peers: 3, bootstrap: [], privateNetwork: false, since: 0, nat: 'unknown', publicAddress: null };

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

test('each NAT type reads as what it means for calls', () => {
  const table: Array<[nat: NetworkStatus['nat'], text: string]> = [
    ['open', 'Open — reachable directly'],
    ['consistent', 'Behind a NAT that keeps ports — direct calls work'],
    ['random', 'Behind a NAT that changes ports — some calls may need a relay'],
    ['unknown', 'Not measured yet'],
  ];
  for (const [nat, text] of table) assert.equal(natText(nat), text);
});

test('the settings show the DHT state, peers, bootstrap, NAT type and public address', () => {
  assert.deepEqual(
    networkDetails({ ...base, peers: 12, privateNetwork: true, bootstrap: ['127.0.0.1:4000', '127.0.0.1:4001'], nat: 'random', publicAddress: '203.0.113.7:49737' }),
    [
      { term: 'DHT', value: 'Online' },
      { term: 'Peers', value: '12' },
      { term: 'Bootstrap', value: 'Private DHT: 127.0.0.1:4000, 127.0.0.1:4001' },
      { term: 'NAT', value: 'Behind a NAT that changes ports — some calls may need a relay' },
      { term: 'Public address', value: '203.0.113.7:49737' },
    ],
  );
});

test('on the public DHT with nothing measured yet, the details say so', () => {
  assert.deepEqual(networkDetails({ ...base, state: 'connecting', peers: 0 }), [
    { term: 'DHT', value: 'Connecting…' },
    { term: 'Peers', value: '0' },
    { term: 'Bootstrap', value: 'Public DHT: the default bootstrap nodes' },
    { term: 'NAT', value: 'Not measured yet' },
    { term: 'Public address', value: 'Not known yet' },
  ]);
  assert.equal(networkDetails(null), null, 'no details before the core answered');
});
