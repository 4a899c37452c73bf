import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatPidf, MAX_PIDF_BYTES, parsePidf, type PidfErrorCode } from '../../../src/main/presence/pidf.js';
import type { PresenceState } from '../../../src/main/presence/presence-state.js';
import { seededRandom } from '../../../src/main/seeded-random.js';

const ENTITY = 'sip:ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u@parley.invalid';
const PIDF = 'urn:ietf:params:xml:ns:pidf';
const RPID = 'urn:ietf:params:xml:ns:pidf:rpid';
const DM = 'urn:ietf:params:xml:ns:pidf:data-model';

function stateOf(document: string | Uint8Array): PresenceState {
  const parsed = parsePidf(document);
  assert.ok(parsed.ok, parsed.ok ? '' : `${parsed.error.code}: ${parsed.error.reason}`);
  return parsed.document.state;
}

describe('PIDF (RFC 3863) with RPID activities (RFC 4480)', () => {
  for (const state of ['online', 'away', 'busy', 'offline'] as const) {
    test(`"${state}" written by Parley reads back as "${state}", with its entity`, () => {
      const parsed = parsePidf(Buffer.from(formatPidf({ entity: ENTITY, state }), 'utf8'));
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.document, { entity: ENTITY, state });
    });
  }

  test('what Parley writes is the RFC shape: basic open/closed in a tuple, the activity in a person', () => {
    const busy = formatPidf({ entity: ENTITY, state: 'busy' });
    assert.match(busy, /<tuple id="parley"><status><basic>open<\/basic><\/status><\/tuple>/);
    assert.match(busy, /<dm:person id="user"><rpid:activities><rpid:busy\/><\/rpid:activities><\/dm:person>/);
    assert.match(formatPidf({ entity: ENTITY, state: 'offline' }), /<basic>closed<\/basic>/);
    assert.doesNotMatch(formatPidf({ entity: ENTITY, state: 'online' }), /activities/);
  });

  test('an entity and a note with markup characters are escaped and read back intact', () => {
    const entity = 'sip:a&b@example.com;x="<y>"';
    const note = `Back at 5 <promise> & "maybe" 'soon'`;
    const parsed = parsePidf(formatPidf({ entity, state: 'away', note }));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.document, { entity, state: 'away', note });
  });

  const foreign: ReadonlyArray<{ name: string; document: string; state: PresenceState }> = [
    {
      name: 'prefixed PIDF elements, activities under another prefix',
      document: `<?xml version='1.0' encoding='UTF-8'?><!-- from a desk phone --><p:presence xmlns:p='${PIDF}' xmlns:r='${RPID}' xmlns:d='${DM}' entity='sip:bob@example.com'><p:tuple id='t1'><p:status><p:basic>open</p:basic></p:status></p:tuple><d:person id='p'><r:activities><r:on-the-phone/></r:activities></d:person></p:presence>`,
      state: 'busy',
    },
    {
      name: 'activities inside the tuple (older RPID phones) and unknown extensions',
      document: `<presence xmlns="${PIDF}" entity="pres:bob@example.com"><tuple id="a"><status><basic>open</basic><ext xmlns="urn:x-vendor">x</ext></status><activities xmlns="${RPID}"><vacation/></activities><contact priority="0.8">sip:bob@10.0.0.2</contact></tuple></presence>`,
      state: 'away',
    },
    {
      name: 'one closed tuple and one open tuple: open',
      document: `<presence xmlns="${PIDF}" entity="sip:bob@example.com"><tuple id="a"><status><basic>closed</basic></status></tuple><tuple id="b"><status><basic> open </basic></status></tuple></presence>`,
      state: 'online',
    },
    {
      name: 'every tuple closed: offline, whatever the activities say',
      document: `<presence xmlns="${PIDF}" xmlns:rpid="${RPID}" entity="sip:bob@example.com"><tuple id="a"><status><basic>closed</basic></status></tuple><rpid:activities><rpid:busy/></rpid:activities></presence>`,
      state: 'offline',
    },
    { name: 'no tuple at all: offline', document: `<presence xmlns="${PIDF}" entity="sip:bob@example.com"/>`, state: 'offline' },
    {
      name: 'RPID user-input idle: away',
      document: `<presence xmlns="${PIDF}" xmlns:rpid="${RPID}" entity="sip:bob@example.com"><tuple id="a"><status><basic>open</basic></status></tuple><rpid:user-input>idle</rpid:user-input></presence>`,
      state: 'away',
    },
    {
      name: 'busy and away both named: busy (do not disturb matters for a caller)',
      document: `<presence xmlns="${PIDF}" xmlns:rpid="${RPID}" entity="e"><tuple id="a"><status><basic>open</basic></status></tuple><rpid:activities><rpid:away/><rpid:meeting/></rpid:activities></presence>`,
      state: 'busy',
    },
    {
      name: 'an activity that says nothing about reachability (working): online',
      document: `<presence xmlns="${PIDF}" xmlns:rpid="${RPID}" entity="e"><tuple id="a"><status><basic>open</basic></status></tuple><rpid:activities><rpid:working/></rpid:activities></presence>`,
      state: 'online',
    },
    {
      name: 'a CDATA basic, character references and a byte-order mark',
      document: `\uFEFF<presence xmlns="${PIDF}" entity="sip:&#98;ob@example.com"><tuple id="a"><status><basic><![CDATA[open]]></basic></status></tuple></presence>`,
      state: 'online',
    },
  ];
  for (const row of foreign) {
    test(`reads another phone's document: ${row.name}`, () => {
      assert.equal(stateOf(row.document), row.state);
    });
  }

  test('an RPID element outside the RPID namespace is not an activity', () => {
    const document = `<presence xmlns="${PIDF}" entity="e"><tuple id="a"><status><basic>open</basic></status></tuple><activities><busy/></activities></presence>`;
    assert.equal(stateOf(document), 'online');
  });
});

describe('PIDF: malformed and hostile bodies are values with a stable code', () => {
  const open = `<tuple id="a"><status><basic>open</basic></status></tuple>`;
  const rows: ReadonlyArray<{ name: string; body: string | Uint8Array; code: PidfErrorCode }> = [
    { name: 'larger than the limit', body: `<presence xmlns="${PIDF}" entity="e">${open}<note>${'x'.repeat(MAX_PIDF_BYTES)}</note></presence>`, code: 'PIDF_TOO_LARGE' },
    { name: 'not UTF-8', body: Uint8Array.from([0x3c, 0x70, 0xff, 0xfe, 0x3e]), code: 'PIDF_NOT_UTF8' },
    {
      name: 'a DTD with nested entities (billion laughs)',
      body: `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><presence xmlns="${PIDF}" entity="&lol2;">${open}</presence>`,
      code: 'PIDF_DTD_FORBIDDEN',
    },
    { name: 'an external entity reference without its DTD', body: `<presence xmlns="${PIDF}" entity="e">${open}<note>&xxe;</note></presence>`, code: 'PIDF_MALFORMED' },
    { name: 'an empty body', body: '', code: 'PIDF_MALFORMED' },
    { name: 'only a declaration', body: '<?xml version="1.0"?>', code: 'PIDF_MALFORMED' },
    { name: 'an element never closed', body: `<presence xmlns="${PIDF}" entity="e">${open}`, code: 'PIDF_MALFORMED' },
    { name: 'a mismatched end tag', body: `<presence xmlns="${PIDF}" entity="e"><tuple id="a"></status></presence>`, code: 'PIDF_MALFORMED' },
    { name: 'an unbound prefix', body: `<presence xmlns="${PIDF}" entity="e">${open}<rpid:activities/></presence>`, code: 'PIDF_MALFORMED' },
    { name: 'two root elements', body: `<presence xmlns="${PIDF}" entity="e"/><presence xmlns="${PIDF}" entity="f"/>`, code: 'PIDF_MALFORMED' },
    { name: 'text after the root', body: `<presence xmlns="${PIDF}" entity="e"/>trailing`, code: 'PIDF_MALFORMED' },
    { name: 'a duplicate attribute', body: `<presence xmlns="${PIDF}" entity="e" entity="f"/>`, code: 'PIDF_MALFORMED' },
    { name: 'an unquoted attribute', body: `<presence xmlns="${PIDF}" entity=e/>`, code: 'PIDF_MALFORMED' },
    { name: 'a < inside an attribute', body: `<presence xmlns="${PIDF}" entity="<e>"/>`, code: 'PIDF_MALFORMED' },
    { name: 'a control character', body: `<presence xmlns="${PIDF}" entity="e">\u0001</presence>`, code: 'PIDF_MALFORMED' },
    { name: 'a reference to U+0000', body: `<presence xmlns="${PIDF}" entity="&#0;"/>`, code: 'PIDF_MALFORMED' },
    { name: 'a reference beyond Unicode', body: `<presence xmlns="${PIDF}" entity="&#x110000;"/>`, code: 'PIDF_MALFORMED' },
    { name: 'a comment never closed', body: `<presence xmlns="${PIDF}" entity="e"><!-- ${open}</presence>`, code: 'PIDF_MALFORMED' },
    { name: 'a CDATA section never closed', body: `<presence xmlns="${PIDF}" entity="e"><![CDATA[ ${open}</presence>`, code: 'PIDF_MALFORMED' },
    { name: 'xmlns:p bound to nothing', body: `<p:presence xmlns:p="" entity="e"/>`, code: 'PIDF_MALFORMED' },
    { name: '2000 nested elements', body: `<presence xmlns="${PIDF}" entity="e">${'<a>'.repeat(2000)}${'</a>'.repeat(2000)}</presence>`, code: 'PIDF_TOO_COMPLEX' },
    { name: '1000 sibling tuples', body: `<presence xmlns="${PIDF}" entity="e">${'<x/>'.repeat(1000)}</presence>`, code: 'PIDF_TOO_COMPLEX' },
    { name: 'a root that is not presence', body: `<presences xmlns="${PIDF}"/>`, code: 'PIDF_NOT_PRESENCE' },
    { name: 'presence outside the PIDF namespace', body: `<presence entity="e">${open}</presence>`, code: 'PIDF_NOT_PRESENCE' },
    { name: 'an XHTML page', body: '<html xmlns="http://www.w3.org/1999/xhtml"><body>hi</body></html>', code: 'PIDF_NOT_PRESENCE' },
  ];
  for (const row of rows) {
    test(`${row.name}: ${row.code}`, () => {
      const parsed = parsePidf(row.body);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) {
        assert.equal(parsed.error.code, row.code, parsed.error.reason);
        assert.ok(parsed.error.reason.length > 0 && parsed.error.reason.length < 300, 'a short reason, not the input echoed');
      }
    });
  }

  test('20,000 random mutations of a valid document never throw and end as a state or a known code', () => {
    const valid = formatPidf({ entity: ENTITY, state: 'busy', note: 'in a meeting' });
    const random = seededRandom(6);
    const alphabet = `<>/="'&;#x:![]-? \n\tabcpresnc\u0000\u00e9`;
    const codes = new Set<PidfErrorCode>(['PIDF_TOO_LARGE', 'PIDF_NOT_UTF8', 'PIDF_MALFORMED', 'PIDF_DTD_FORBIDDEN', 'PIDF_TOO_COMPLEX', 'PIDF_NOT_PRESENCE']);
    const seen = new Map<string, number>();
    for (let run = 0; run < 20_000; run++) {
      const chars = [...valid];
      for (let edits = 1 + Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * chars.length);
        const pick = alphabet[Math.floor(random() * alphabet.length)] ?? '<';
        const kind = random();
        if (kind < 0.4) chars[at] = pick;
        else if (kind < 0.7) chars.splice(at, 1);
        else chars.splice(at, 0, pick);
      }
      const parsed = parsePidf(chars.join(''));
      const outcome = parsed.ok ? parsed.document.state : parsed.error.code;
      if (!parsed.ok) assert.ok(codes.has(parsed.error.code), parsed.error.code);
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
    }
    assert.ok((seen.get('PIDF_MALFORMED') ?? 0) > 1000, 'the mutations did break documents');
    assert.ok((seen.get('busy') ?? 0) > 100, 'and some still read as busy');
  });
});
