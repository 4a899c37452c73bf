import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCredential, cookieNameFor, isAllowedHost, isAllowedOrigin } from '../../../src/main/ui/token-gate.js';

const TOKEN = 'secret-token-123';
const COOKIE = cookieNameFor(7060);

describe('the token gate', () => {
  const cases: Array<[string, string, Record<string, string>, { source: string; valid: boolean }]> = [
    ['no credential at all', '/', {}, { source: 'none', valid: false }],
    ['the right token in the URL', `/?token=${TOKEN}`, {}, { source: 'query', valid: true }],
    ['a wrong token in the URL', '/?token=guess', {}, { source: 'query', valid: false }],
    ['a token that is a prefix of the right one', `/?token=${TOKEN.slice(0, -1)}`, {}, { source: 'query', valid: false }],
    ['the right bearer token', '/api/getProfile', { authorization: `Bearer ${TOKEN}` }, { source: 'bearer', valid: true }],
    ['a wrong bearer token', '/api/getProfile', { authorization: 'Bearer nope' }, { source: 'bearer', valid: false }],
    ['the right cookie', '/', { cookie: `other=1; ${COOKIE}=${TOKEN}` }, { source: 'cookie', valid: true }],
    ['the cookie of another node on another port', '/', { cookie: `${cookieNameFor(7061)}=${TOKEN}` }, { source: 'none', valid: false }],
    ['a wrong cookie', '/', { cookie: `${COOKIE}=nope` }, { source: 'cookie', valid: false }],
  ];
  for (const [what, path, headers, expected] of cases) {
    test(`judges ${what}`, () => {
      assert.deepEqual(checkCredential(new URL(path, 'http://127.0.0.1:7060'), headers, TOKEN, COOKIE), expected);
    });
  }

  test('answers only to its own loopback names (DNS rebinding)', () => {
    const allowed = new Set(['127.0.0.1:7060', 'localhost:7060']);
    assert.equal(isAllowedHost('127.0.0.1:7060', allowed), true);
    assert.equal(isAllowedHost('LOCALHOST:7060', allowed), true);
    assert.equal(isAllowedHost('evil.example:7060', allowed), false);
    assert.equal(isAllowedHost(undefined, allowed), false);
  });

  test('accepts sockets from its own page or from non-browsers only', () => {
    assert.equal(isAllowedOrigin('http://127.0.0.1:7060', '127.0.0.1:7060'), true);
    assert.equal(isAllowedOrigin(undefined, '127.0.0.1:7060'), true);
    assert.equal(isAllowedOrigin('http://evil.example', '127.0.0.1:7060'), false);
  });
});
