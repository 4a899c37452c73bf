import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatNameAddr, formatUri, parseNameAddr, quoteString, tagOf } from '../../../../src/main/sip/message/index.js';

describe('name-addr and addr-spec (RFC 3261 §20.10, §25.1)', () => {
  const valid: [string, { displayName?: string; uri: string; params: [string, string | null][] }][] = [
    ['"Bob" <sip:bob@biloxi.com>;tag=1', { displayName: 'Bob', uri: 'sip:bob@biloxi.com', params: [['tag', '1']] }],
    ['Bob <sip:bob@biloxi.com>', { displayName: 'Bob', uri: 'sip:bob@biloxi.com', params: [] }],
    ['A. G. Bell <sip:agb@bell-telephone.com> ;tag=a48s', { displayName: 'A. G. Bell', uri: 'sip:agb@bell-telephone.com', params: [['tag', 'a48s']] }],
    ['<sip:bob@biloxi.com;transport=tcp>;expires=60', { uri: 'sip:bob@biloxi.com;transport=tcp', params: [['expires', '60']] }],
    // addr-spec: the parameters belong to the header, not the URI (§20.10, RFC 4475 §3.3.12).
    ['sip:bob@biloxi.com;tag=1', { uri: 'sip:bob@biloxi.com', params: [['tag', '1']] }],
    ['sip:+19725552222@gw1.example.net;unknownparam', { uri: 'sip:+19725552222@gw1.example.net', params: [['unknownparam', null]] }],
    // RFC 4475 §3.1.1.1: whitespace around ";" and "=", escapes in quotes.
    [' sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n', { uri: 'sip:vivekg@chair-dnrc.example.com', params: [['tag', '1918181833n']] }],
    ['"J Rosenberg \\\\\\""       <sip:jdrosen@example.com> ; tag = 98asjd8', { displayName: 'J Rosenberg \\"', uri: 'sip:jdrosen@example.com', params: [['tag', '98asjd8']] }],
    // RFC 4475 §3.1.1.6: no LWS between display name and "<".
    ['caller<sip:caller@example.com>;tag=323', { displayName: 'caller', uri: 'sip:caller@example.com', params: [['tag', '323']] }],
    ['"" <sip:anonymous@anonymous.invalid>', { displayName: '', uri: 'sip:anonymous@anonymous.invalid', params: [] }],
    ['"Ελένη" <sip:eleni@example.gr>', { displayName: 'Ελένη', uri: 'sip:eleni@example.gr', params: [] }],
    ['isbn:2983792873', { uri: 'isbn:2983792873', params: [] }],
    ['<sip:a@b>;+sip.instance="<urn:uuid:1>"', { uri: 'sip:a@b', params: [['+sip.instance', '<urn:uuid:1>']] }],
  ];
  for (const [text, expected] of valid) {
    test(`parses ${text}`, () => {
      const address = parseNameAddr(text);
      assert.ok(address, 'parses');
      assert.equal(address.displayName, expected.displayName);
      assert.equal(formatUri(address.uri), expected.uri);
      assert.deepEqual(address.params.map((p) => [p.name, p.value]), expected.params);
      assert.deepEqual(parseNameAddr(formatNameAddr(address)), address, 'formats back to the same value');
    });
  }

  const invalid: [string, string][] = [
    ['"Mr. J. User <sip:j.user@example.com>', 'unterminated quote (RFC 4475 §3.1.2.6)'],
    ['"Watson, Thomas" < sip:t.watson@example.org >', 'spaces inside <> (RFC 4475 §3.1.2.14)'],
    ['Bell, Alexander <sip:a.g.bell@example.com>;tag=43', 'unquoted non-token display name (RFC 4475 §3.1.2.15)'],
    ['sip:user@example.com?Route=%3Csip:sip.example.com%3E', '"?" in an addr-spec (RFC 4475 §3.1.2.13)'],
    ['<sip:bob@biloxi.com', 'no closing >'],
    ['<sip:bob@biloxi.com>;', 'a ; without a parameter'],
    ['<sip:bob@biloxi.com>;tag="open', 'unterminated quoted parameter'],
    ['<sip:bob@biloxi.com> junk', 'trailing text'],
    ['', 'empty'],
    ['"Bob" sip:bob@biloxi.com', 'quoted display name without <>'],
  ];
  for (const [text, why] of invalid) {
    test(`refuses ${why}`, () => assert.equal(parseNameAddr(text), null));
  }

  test('reads the tag', () => {
    assert.equal(tagOf(parseNameAddr('<sip:a@b>;TAG=x') ?? assert.fail()), 'x');
    assert.equal(tagOf(parseNameAddr('<sip:a@b>') ?? assert.fail()), undefined);
  });

  test('quotes display names so that no input can inject a line', () => {
    assert.equal(quoteString('say "hi" \\ bye'), '"say \\"hi\\" \\\\ bye"');
    assert.equal(quoteString('line\r\nVia: evil'), '"line  Via: evil"');
    assert.equal(quoteString('bell\x07'), '"bell\\\x07"');
  });
});
