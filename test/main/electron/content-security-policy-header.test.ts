import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withContentSecurityPolicy } from '../../../src/main/electron/content-security-policy-header.js';
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER_ONLY } from '../../../src/shared/content-security-policy.js';

test('every response gets the shared policy plus the header-only directive', () => {
  const headers = withContentSecurityPolicy({ 'Content-Type': ['text/html'] });
  assert.deepEqual(headers['Content-Type'], ['text/html']);
  assert.deepEqual(headers['Content-Security-Policy'], [`${CONTENT_SECURITY_POLICY}; ${CONTENT_SECURITY_POLICY_HEADER_ONLY}`]);
  assert.match(String(headers['Content-Security-Policy']), /frame-ancestors 'none'/);
  assert.match(String(headers['Content-Security-Policy']), /script-src 'self'/);
});

test('a policy already on the response, in any letter case, is replaced rather than combined', () => {
  const headers = withContentSecurityPolicy({ 'content-security-policy': ["default-src *; script-src 'unsafe-eval'"] });
  assert.deepEqual(Object.keys(headers), ['Content-Security-Policy']);
  assert.doesNotMatch(String(headers['Content-Security-Policy']), /unsafe-eval/);
});

test('a response without headers still gets the policy', () => {
  assert.equal(Object.keys(withContentSecurityPolicy(undefined)).length, 1);
});
