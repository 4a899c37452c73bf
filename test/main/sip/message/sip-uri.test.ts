import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatUri, parseUri, uriParam, type SipUri } from '../../../../src/main/sip/message/index.js';

function sip(text: string): SipUri {
  const uri = parseUri(text);
  assert.ok(uri && uri.kind === 'sip', `${text} should parse as a SIP URI`);
  return uri;
}

describe('SIP and SIPS URIs (RFC 3261 §19.1.1, §25.1)', () => {
  const valid: [string, Partial<SipUri>][] = [
    ['sip:alice@atlanta.com', { scheme: 'sip', user: 'alice', host: 'atlanta.com', hostKind: 'name' }],
    ['SIPS:alice@atlanta.com:5061', { scheme: 'sips', user: 'alice', port: 5061 }],
    ['sip:alice:secretword@atlanta.com;transport=tcp', { user: 'alice', password: 'secretword', params: [{ name: 'transport', value: 'tcp' }] }],
    ['sip:registrar.biloxi.com', { host: 'registrar.biloxi.com' }],
    ['sip:[2001:db8::10]:5070', { host: '2001:db8::10', hostKind: 'ipv6', port: 5070 }],
    ['sip:192.0.2.4', { host: '192.0.2.4', hostKind: 'ipv4' }],
    ['sip:p1.example.com;lr;maddr=239.255.255.1;ttl=15', { params: [{ name: 'lr', value: null }, { name: 'maddr', value: '239.255.255.1' }, { name: 'ttl', value: '15' }] }],
    ['sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com', { headers: [{ name: 'to', value: 'alice@atlanta.com' }] }],
    ['sips:1212@gateway.com?subject=project%20x&priority=urgent', { headers: [{ name: 'subject', value: 'project x' }, { name: 'priority', value: 'urgent' }] }],
    // RFC 4475 §3.1.1.3: escapes are decoded; §3.1.1.4: an escaped NUL is a NUL, not an end.
    ['sip:sips%3Auser%40example.com@example.net', { user: 'sips:user@example.com', host: 'example.net' }],
    ['sip:%75se%72@example.com', { user: 'user' }],
    ['sip:null-%00-null@example.com', { user: 'null-\0-null' }],
    ['sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31', { user: 'caller', params: [{ name: 'lr', value: null }, { name: 'name', value: 'value%41' }] }],
    // RFC 4475 §3.1.1.9: ";" belongs to the user part.
    ['sip:user;par=u%40example.net@example.com', { user: 'user;par=u@example.net', host: 'example.com' }],
    ['sip:+1-212-555-1212:1234@gateway.com;user=phone', { user: '+1-212-555-1212', password: '1234', params: [{ name: 'user', value: 'phone' }] }],
  ];
  for (const [text, expected] of valid) {
    test(`parses ${text}`, () => {
      const uri = sip(text);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(uri[key as keyof SipUri], value, key);
    });
  }

  const invalid = [
    '<sip:user@example.com>',
    'sip:',
    'sip:user@',
    'sip:@example.com',
    'sip:host:99999',
    'sip:host:port',
    'sip:%zz@example.com',
    'sip:us"er@example.com',
    'sip:host;=value',
    'sip:[::1',
    'sip:[not-v6]',
    'sip:host?noequals',
    'sip:host name',
    'sip:192.0.2.300',
    'sip:-bad-.example.com',
    'nocolon',
    ':nothing',
  ];
  for (const text of invalid) {
    test(`refuses ${JSON.stringify(text)}`, () => assert.equal(parseUri(text), null));
  }

  test('formats back to a URI that parses to the same value, escaping what must be escaped', () => {
    for (const [text] of valid) {
      const uri = sip(text);
      assert.deepEqual(parseUri(formatUri(uri)), uri, text);
    }
    assert.equal(formatUri(sip('sip:null-%00-null@example.com')), 'sip:null-%00-null@example.com');
    assert.equal(formatUri(sip('sip:%75se%72@EXAMPLE.com;LR')), 'sip:user@EXAMPLE.com;LR');
  });

  test('reads URI parameters case-insensitively', () => {
    const uri = sip('sip:bob@biloxi.com;Transport=TCP;lr');
    assert.equal(uriParam(uri, 'transport'), 'TCP');
    assert.equal(uriParam(uri, 'LR'), null);
    assert.equal(uriParam(uri, 'maddr'), undefined);
  });
});

describe('tel and other URIs', () => {
  test('parses a tel URI with parameters (RFC 3966)', () => {
    assert.deepEqual(parseUri('tel:+1-201-555-0123;ext=1234'), { kind: 'tel', number: '+1-201-555-0123', params: [{ name: 'ext', value: '1234' }] });
    assert.equal(parseUri('tel:call me'), null);
  });

  test('keeps unknown schemes opaque (RFC 4475 §3.3.2-3.3.4)', () => {
    for (const [text, scheme, opaque] of [
      ['nobodyKnowsThisScheme:totallyopaquecontent', 'nobodyknowsthisscheme', 'totallyopaquecontent'],
      ['soap.beep://192.0.2.103:3002', 'soap.beep', '//192.0.2.103:3002'],
      ['isbn:2983792873', 'isbn', '2983792873'],
      ['http://www.example.com', 'http', '//www.example.com'],
      ['urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6', 'urn', 'uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6'],
    ] as const) {
      assert.deepEqual(parseUri(text), { kind: 'absolute', scheme, opaque }, text);
    }
    assert.equal(parseUri('http://exa mple.com'), null);
    assert.equal(parseUri('mailto:<a@b>'), null);
  });
});
