import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DigestInput, digestAuthorization, digestResponse, parseDigestChallenge, pickDigestChallenge } from '../../../../src/main/sip/ua/index.js';

describe('digest response vectors', () => {
  const table: { name: string; input: DigestInput; response: string }[] = [
    {
      name: 'RFC 2617 §3.5 (MD5, qop=auth)',
      input: { algorithm: 'MD5', username: 'Mufasa', realm: 'testrealm@host.com', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', qop: 'auth', nc: '00000001', cnonce: '0a4f113b' },
      response: '6629fae49393a05397450978507c4ef1',
    },
    {
      name: 'RFC 7616 §3.9.1 (MD5), the algorithms RFC 8760 brings to SIP',
      input: { algorithm: 'MD5', username: 'Mufasa', realm: 'http-auth@example.org', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', qop: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
      response: '8ca523f5e9506fed4657c9700eebdbec',
    },
    {
      name: 'RFC 7616 §3.9.1 (SHA-256)',
      input: { algorithm: 'SHA-256', username: 'Mufasa', realm: 'http-auth@example.org', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', qop: 'auth', nc: '00000001', cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
      response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    },
  ];
  for (const row of table) {
    test(row.name, () => assert.equal(digestResponse(row.input), row.response));
  }

  test('the -sess form hashes the nonce and cnonce into HA1', () => {
    const base = table[0]?.input;
    assert.ok(base);
    assert.notEqual(digestResponse({ ...base, algorithm: 'MD5-sess' }), digestResponse(base));
  });
});

describe('parsing challenges (RFC 2617 §3.2.1, RFC 8760)', () => {
  const table = [
    { value: 'Digest realm="atlanta.example.com", qop="auth,auth-int", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", opaque="", stale=FALSE, algorithm=MD5', expect: { realm: 'atlanta.example.com', qop: ['auth', 'auth-int'], algorithm: 'MD5', stale: false, opaque: '' } },
    { value: 'Digest realm="r", nonce="n", algorithm=sha-256, stale=true', expect: { realm: 'r', qop: [], algorithm: 'SHA-256', stale: true, opaque: undefined } },
    { value: 'Digest realm="r", nonce="n"', expect: { realm: 'r', qop: [], algorithm: 'MD5', stale: false, opaque: undefined } },
    { value: 'Basic realm="r"', expect: undefined },
    { value: 'Digest realm="r", nonce="n", algorithm=SHA-1', expect: undefined },
    { value: 'Digest realm="r"', expect: undefined },
  ];
  for (const row of table) {
    test(row.value, () => {
      const parsed = parseDigestChallenge(row.value);
      if (row.expect === undefined) return assert.equal(parsed, undefined);
      assert.ok(parsed);
      assert.deepEqual({ realm: parsed.realm, qop: parsed.qop, algorithm: parsed.algorithm, stale: parsed.stale, opaque: parsed.opaque }, row.expect);
    });
  }

  test('the first challenge we can answer wins, in the server’s order (RFC 8760 §2.4)', () => {
    const picked = pickDigestChallenge(['Digest realm="r", nonce="a", algorithm=SHA-512', 'Digest realm="r", nonce="b", algorithm=SHA-256', 'Digest realm="r", nonce="c", algorithm=MD5']);
    assert.equal(picked?.nonce, 'b');
  });
});

describe('the Authorization value (RFC 3261 §22.4)', () => {
  test('quotes what the grammar quotes, and not algorithm, qop or nc', () => {
    const challenge = parseDigestChallenge('Digest realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop="auth", algorithm=SHA-256');
    assert.ok(challenge);
    const value = digestAuthorization(challenge, { username: 'bob', password: 'zanzibar' }, { method: 'REGISTER', uri: 'sip:biloxi.com' }, { nc: 1, cnonce: '0a4f113b' });
    assert.match(value, /^Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:biloxi.com", response="[0-9a-f]{64}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41"$/);
  });
});
