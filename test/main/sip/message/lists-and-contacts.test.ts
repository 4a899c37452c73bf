import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatMediaType,
  getAllow,
  getContactAddresses,
  getContacts,
  getRecordRoutes,
  getRequire,
  getRoutes,
  getSupported,
  parseContactList,
  parseMediaType,
  splitHeaderList,
  createRequest,
  formatUri,
} from '../../../../src/main/sip/message/index.js';
import { readParams } from '../../../../src/main/sip/message/generic-params.js';
import { readQuotedString } from '../../../../src/main/sip/message/quoted-string.js';

describe('splitting list values at commas (RFC 3261 §7.3.1)', () => {
  const table: [string, string[]][] = [
    ['INVITE, ACK,CANCEL', ['INVITE', 'ACK', 'CANCEL']],
    ['"Doe, John" <sip:j@d>, <sip:k@d>', ['"Doe, John" <sip:j@d>', '<sip:k@d>']],
    ['<sip:a@b;x=1,2>;q=0.5, <sip:c@d>', ['<sip:a@b;x=1,2>;q=0.5', '<sip:c@d>']],
    ['"esc \\" , still" <sip:a@b>, x', ['"esc \\" , still" <sip:a@b>', 'x']],
    [';;,,;;,;', [';;', '', ';;', ';']],
    ['single', ['single']],
    ['', ['']],
  ];
  for (const [value, expected] of table) test(JSON.stringify(value), () => assert.deepEqual(splitHeaderList(value), expected));
});

describe('quoted strings and parameters (RFC 3261 §25.1)', () => {
  const quoted: [string, string | null][] = [
    ['"plain"', 'plain'],
    ['"with \\"quotes\\" and \\\\"', 'with "quotes" and \\'],
    ['"NUL:\\\0 BEL:\\\x07"', 'NUL:\0 BEL:\x07'],
    ['"Ünïcödé"', 'Ünïcödé'],
    ['"unterminated', null],
    ['"trailing backslash\\', null],
    ['"bare NUL \0"', null],
  ];
  for (const [text, expected] of quoted) test(`quoted-string ${JSON.stringify(text)}`, () => assert.equal(readQuotedString(text, 0)?.value ?? null, expected));

  test('reads parameters with whitespace around ; and =, quoted values and valueless names', () => {
    const params = readParams(' ; newparam =      newvalue ;  secondparam ; q = 0.33;received=[2001:db8::1];x="a;b"', 0);
    assert.deepEqual(params?.params.map((p) => [p.name, p.value, p.quoted]), [
      ['newparam', 'newvalue', false],
      ['secondparam', null, false],
      ['q', '0.33', false],
      ['received', '[2001:db8::1]', false],
      ['x', 'a;b', true],
    ]);
  });

  for (const bad of [';', '; =x', ';a=', ';a="open', ';a=<b>']) {
    test(`refuses parameters ${JSON.stringify(bad)}`, () => {
      const params = readParams(bad, 0);
      assert.ok(params === null || params.end !== bad.length);
    });
  }
});

function request(...headers: [string, string][]) {
  return createRequest({ method: 'REGISTER', requestUri: 'sip:example.com', headers });
}

describe('Contact (RFC 3261 §20.10, RFC 5626 §4.1)', () => {
  test('reads several contacts across fields with expires, q and +sip.instance', () => {
    const contacts = parseContactList([
      '<sip:alice@192.0.2.4>;expires=3600;q=0.7, "Mobile" <sip:alice@198.51.100.7;transport=tcp>;q=1.0',
      '<sip:alice@[2001:db8::1]>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>";reg-id=1',
    ]);
    assert.equal(contacts?.kind, 'list');
    if (contacts?.kind !== 'list') return;
    assert.deepEqual(contacts.contacts.map((c) => [formatUri(c.address.uri), c.expires, c.q, c.instance]), [
      ['sip:alice@192.0.2.4', 3600, 0.7, undefined],
      ['sip:alice@198.51.100.7;transport=tcp', undefined, 1, undefined],
      ['sip:alice@[2001:db8::1]', undefined, undefined, '<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>'],
    ]);
  });

  test('reads Contact: * (REGISTER only)', () => {
    const message = request(['Contact', '*']);
    assert.deepEqual(getContacts(message), { ok: true, value: { kind: 'wildcard' } });
    assert.equal(getContactAddresses(message).ok, false);
  });

  test('treats an out-of-range expires or q as absent (RFC 4475 §3.1.2.4)', () => {
    const contacts = parseContactList(['<sip:user@host129.example.com>;expires=280297596632815;q=2']);
    assert.deepEqual(contacts?.kind === 'list' && [contacts.contacts[0]?.expires, contacts.contacts[0]?.q], [undefined, undefined]);
  });

  for (const bad of [['*', '<sip:a@b>'], ['<sip:a@b>,'], ['sip:user@example.com?Route=%3Csip:sip.example.com%3E'], ['"Joe" <sip:joe@example.org>;;;;']]) {
    test(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseContactList(bad), null));
  }
});

describe('Route, Record-Route and token lists', () => {
  test('reads route sets in order across folded, comma-separated fields', () => {
    const message = request(['Record-Route', '<sip:ss2.biloxi.example.com;lr>, <sip:ss1.atlanta.example.com;lr>'], ['Route', '<sip:p1.example.com;lr>']);
    const rr = getRecordRoutes(message);
    assert.ok(rr.ok);
    assert.deepEqual(rr.value.map((a) => formatUri(a.uri)), ['sip:ss2.biloxi.example.com;lr', 'sip:ss1.atlanta.example.com;lr']);
    assert.equal(getRoutes(message).ok, true);
  });

  test('requires angle brackets in Route (route-param = name-addr)', () => {
    assert.equal(getRoutes(request(['Route', 'sip:p1.example.com;lr'])).ok, false);
  });

  test('reads Allow, Supported and Require', () => {
    const message = request(['Allow', 'INVITE, ACK,CANCEL'], ['Allow', 'BYE'], ['Supported', ''], ['Require', 'nothingSupportsThis, nothingSupportsThisEither']);
    assert.deepEqual(getAllow(message), { ok: true, value: ['INVITE', 'ACK', 'CANCEL', 'BYE'] });
    assert.deepEqual(getSupported(message), { ok: true, value: [] });
    assert.deepEqual(getRequire(message), { ok: true, value: ['nothingSupportsThis', 'nothingSupportsThisEither'] });
    assert.equal(getAllow(request(['Allow', 'INVITE,,ACK'])).ok, false);
  });
});

describe('Content-Type (RFC 3261 §20.15)', () => {
  test('reads type, subtype and parameters', () => {
    const media = parseMediaType('multipart/signed;boundary=----0123456789;micalg=sha1;protocol="application/pkcs7-signature"');
    assert.ok(media);
    assert.equal(`${media.type}/${media.subtype}`, 'multipart/signed');
    assert.deepEqual(media.params.map((p) => [p.name, p.value]), [['boundary', '----0123456789'], ['micalg', 'sha1'], ['protocol', 'application/pkcs7-signature']]);
    assert.equal(formatMediaType(parseMediaType('Application / SDP ; charset = UTF-8') ?? assert.fail()), 'application/sdp;charset=UTF-8');
  });
  for (const bad of ['application', 'application/', '/sdp', 'text/plain;', 'a b/c']) test(`refuses ${JSON.stringify(bad)}`, () => assert.equal(parseMediaType(bad), null));
});
