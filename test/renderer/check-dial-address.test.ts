import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDialAddress } from '../../src/renderer/view/check-dial-address.js';

test('the dialer accepts sip: and sips: URIs and says what is wrong with anything else', () => {
  assert.deepEqual(checkDialAddress(''), { state: 'empty' });
  assert.deepEqual(checkDialAddress('   '), { state: 'empty' });
  assert.deepEqual(checkDialAddress('sip:bob@example.org'), { state: 'valid', uri: 'sip:bob@example.org' });
  assert.deepEqual(checkDialAddress(' SIPS:bob@example.org '), { state: 'valid', uri: 'SIPS:bob@example.org' });
  for (const bad of ['bob@example.org', 'sip:bob @example.org', 'http://example.org']) {
    const check = checkDialAddress(bad);
    assert.equal(check.state, 'invalid', bad);
    assert.match(check.state === 'invalid' ? check.message : '', /^A SIP URI starts with sip:/, bad);
  }
});
