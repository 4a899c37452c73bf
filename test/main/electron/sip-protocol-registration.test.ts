import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { sipProtocolClientCalls } from '../../../src/main/electron/sip-protocol-registration.js';

test('a packaged app registers itself for sip: and sips:', () => {
  assert.deepEqual(sipProtocolClientCalls({ defaultApp: undefined, execPath: '/opt/Parley/parley', argv: ['/opt/Parley/parley'] }), [
    ['sip'],
    ['sips'],
  ]);
});

test('in development (electron .) the OS is told to start Electron with the app folder', () => {
  const calls = sipProtocolClientCalls({ defaultApp: true, execPath: '/x/electron', argv: ['/x/electron', '.'] });
  assert.deepEqual(calls, [
    ['sip', '/x/electron', [resolve('.')]],
    ['sips', '/x/electron', [resolve('.')]],
  ]);
});
