import assert from 'node:assert/strict';
import { test } from 'node:test';
import { servedApiUrl } from '../../src/renderer/core/served-api-url.js';

test('the served API socket is on the page origin, ws for http and wss for https', () => {
  assert.equal(servedApiUrl({ protocol: 'http:', host: '127.0.0.1:7060' }), 'ws://127.0.0.1:7060/api/ws');
  assert.equal(servedApiUrl({ protocol: 'https:', host: 'localhost:8443' }), 'wss://localhost:8443/api/ws');
});
