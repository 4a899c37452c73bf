/**
 * Every torture message of RFC 4475, handled as the RFC says. The messages are in
 * test/fixtures/sip/rfc4475 (one file each, the RFC's own notation); the table below says what
 * the RFC requires of a receiver for each one, and the test asserts exactly that outcome:
 *   accept — the parser must take it (what the application then answers is above this layer);
 *   400 / 505 — refuse it, with a reply the transport can send;
 *   drop — refuse it silently (responses are never answered).
 * Where the RFC allows a choice, the note says which one Parley makes.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  formatUri,
  getContacts,
  getExpires,
  getRequestUri,
  getVias,
  parseSipMessage,
  SipStreamFramer,
  type SipParseResult,
} from '../../../../src/main/sip/message/index.js';
import { loadTortureMessage, tortureMessageNames } from '../../../helpers/sip-fixtures.js';

type Outcome = 'accept' | '400' | '505' | 'drop';

interface TortureCase {
  readonly section: string;
  readonly name: string;
  readonly outcome: Outcome;
  readonly rfc: string;
  /** Further facts the RFC states about an accepted message. */
  readonly check?: (result: Extract<SipParseResult, { ok: true }>) => void;
}

const CASES: readonly TortureCase[] = [
  { section: '3.1.1.1', name: 'wsinv', outcome: 'accept', rfc: 'A short tortuous INVITE: valid, must be parsed',
    check: ({ message, core }) => {
      assert.equal(core.cseq.seq, 9);
      assert.equal(core.maxForwards, 68);
      assert.equal(core.from.displayName, 'J Rosenberg \\"');
      assert.deepEqual(core.vias.map((v) => v.host), ['192.0.2.2', 'spindle.example.com', '192.168.255.111']);
      assert.equal(message.headers.first('NewFangledHeader'), 'newfangled value continued newfangled value');
      assert.equal(message.headers.first('Subject'), '');
      assert.equal(message.body.length, 150);
    } },
  { section: '3.1.1.2', name: 'intmeth', outcome: 'accept', rfc: 'Wide range of valid characters: valid (the unknown method is for the UA to refuse)',
    check: ({ message, core }) => {
      assert.equal(message.kind === 'request' && message.method, "!interesting-Method0123456789_*+`.%indeed'~");
      assert.equal(core.to.displayName, 'BEL:\x07 NUL:\0 DEL:\x7f');
      assert.equal(core.from.params.find((p) => p.name === "fromParam''~+*_!.-%")?.value, 'работающий');
      assert.equal(message.headers.first("extensionHeader-!.%*+_`'~"), '\ufeff大停電');
    } },
  { section: '3.1.1.3', name: 'esc01', outcome: 'accept', rfc: 'Valid use of % escaping: the URIs compare equal to their unescaped forms',
    check: ({ message }) => {
      const uri = message.kind === 'request' ? getRequestUri(message) : null;
      assert.equal(uri?.ok && uri.value.kind === 'sip' && uri.value.user, 'sips:user@example.com');
      const contacts = getContacts(message);
      assert.ok(contacts.ok && contacts.value.kind === 'list');
      assert.equal(formatUri(contacts.value.contacts[0]?.address.uri ?? assert.fail()), 'sip:caller@host5.example.net;lr;name=value%2541');
    } },
  { section: '3.1.1.4', name: 'escnull', outcome: 'accept', rfc: 'Escaped NULs in URIs: valid, must not truncate',
    check: ({ core, message }) => {
      assert.equal(core.to.uri.kind === 'sip' && core.to.uri.user, 'null-\0-null');
      const contacts = getContacts(message);
      assert.deepEqual(contacts.ok && contacts.value.kind === 'list' && contacts.value.contacts.map((c) => c.address.uri.kind === 'sip' && c.address.uri.user), ['\0', '\0\0']);
    } },
  { section: '3.1.1.5', name: 'esc02', outcome: 'accept', rfc: 'Use of % when it is not an escape: valid; RE%47IST%45R is not REGISTER, C%6Fntact is not Contact',
    check: ({ message, core }) => {
      assert.equal(message.kind === 'request' && message.method, 'RE%47IST%45R');
      assert.equal(core.to.displayName, '%Z%45');
      const contacts = getContacts(message);
      assert.equal(contacts.ok && contacts.value.kind === 'list' && contacts.value.contacts.length, 2);
    } },
  { section: '3.1.1.6', name: 'lwsdisp', outcome: 'accept', rfc: 'No LWS between display name and <: valid', check: ({ core }) => assert.equal(core.from.displayName, 'caller') },
  { section: '3.1.1.7', name: 'longreq', outcome: 'accept', rfc: 'Long values in header fields: valid',
    check: ({ message, core }) => {
      assert.equal(core.vias.length, 34);
      assert.equal(core.callId, 'longreq.one' + 'really'.repeat(20) + 'longcallid');
      assert.equal(getVias(message).ok, true);
    } },
  { section: '3.1.1.8', name: 'dblreq', outcome: 'accept', rfc: 'Extra trailing octets in a UDP datagram: take the REGISTER, discard the rest',
    check: ({ message }) => {
      assert.equal(message.kind === 'request' && message.method, 'REGISTER');
      assert.equal(message.body.length, 0);
    } },
  { section: '3.1.1.9', name: 'semiuri', outcome: 'accept', rfc: 'Semicolon-separated parameters in the URI user part: valid',
    check: ({ message }) => {
      const uri = message.kind === 'request' ? getRequestUri(message) : null;
      assert.equal(uri?.ok && uri.value.kind === 'sip' && uri.value.user, 'user;par=u@example.net');
    } },
  { section: '3.1.1.10', name: 'transports', outcome: 'accept', rfc: 'Varied and unknown transport types: valid', check: ({ core }) => assert.deepEqual(core.vias.map((v) => v.transport), ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']) },
  { section: '3.1.1.11', name: 'mpart01', outcome: 'accept', rfc: 'Multipart MIME message with a binary part: frame it properly',
    check: ({ message }) => {
      assert.equal(message.body.length, 553);
      assert.equal(Buffer.from(message.body).toString('latin1').endsWith('--7a9cbec02ceef655--\r\n'), true);
    } },
  { section: '3.1.1.12', name: 'unreason', outcome: 'accept', rfc: 'Unusual reason phrase (UTF-8): valid',
    check: ({ message }) => assert.equal(message.kind === 'response' && message.reason, '= 2**3 * 5**2 но сто девяносто девять - простое') },
  { section: '3.1.1.13', name: 'noreason', outcome: 'accept', rfc: 'Empty reason phrase: valid', check: ({ message }) => assert.equal(message.kind === 'response' && message.reason, '') },
  { section: '3.1.2.1', name: 'badinv01', outcome: '400', rfc: 'Extraneous header field separators: respond 400' },
  { section: '3.1.2.2', name: 'clerr', outcome: '400', rfc: 'Content-Length larger than the datagram: respond 400 (on a stream: wait for more)' },
  { section: '3.1.2.3', name: 'ncl', outcome: '400', rfc: 'Negative Content-Length: respond with an error (on a stream: close)' },
  { section: '3.1.2.4', name: 'scalar02', outcome: '400', rfc: 'Request scalar fields with overlarge values: respond 400 because of the CSeq' },
  { section: '3.1.2.5', name: 'scalarlg', outcome: 'drop', rfc: 'Response scalar fields with overlarge values: discard the response' },
  { section: '3.1.2.6', name: 'quotbal', outcome: '400', rfc: 'Unterminated quoted string in display name: respond 400 (inferring the quote is allowed; we do not)' },
  { section: '3.1.2.7', name: 'ltgtruri', outcome: '400', rfc: '<> enclosing the Request-URI: respond 400' },
  { section: '3.1.2.8', name: 'lwsruri', outcome: '400', rfc: 'Embedded LWS in the Request-URI: respond 400' },
  { section: '3.1.2.9', name: 'lwsstart', outcome: '400', rfc: 'Multiple SP between Request-Line elements: respond 400' },
  { section: '3.1.2.10', name: 'trws', outcome: '400', rfc: 'SP at the end of the Request-Line: rejecting or tolerating are both reasonable; we reject' },
  { section: '3.1.2.11', name: 'escruri', outcome: '400', rfc: 'Escaped headers in the SIP Request-URI: rejecting with 400 is acceptable; we do' },
  { section: '3.1.2.12', name: 'baddate', outcome: 'accept', rfc: 'Non-GMT time zone in Date: reject only if Date matters; it does not to us, so accept' },
  { section: '3.1.2.13', name: 'regbadct', outcome: '400', rfc: 'name-addr URI with headers not in <>: respond 400 (inferring <> is allowed; we do not)' },
  { section: '3.1.2.14', name: 'badaspec', outcome: '400', rfc: 'Spaces within addr-spec: rejecting with 400 is reasonable; we do' },
  { section: '3.1.2.15', name: 'baddn', outcome: '400', rfc: 'Non-token characters in an unquoted display name: respond 400' },
  { section: '3.1.2.16', name: 'badvers', outcome: '505', rfc: 'Unknown protocol version: respond 505' },
  { section: '3.1.2.17', name: 'mismatch01', outcome: '400', rfc: 'Start line and CSeq method mismatch: respond 400' },
  { section: '3.1.2.18', name: 'mismatch02', outcome: '400', rfc: 'Unknown method with CSeq method mismatch: 501 preferred, 400 acceptable; the parser says 400' },
  { section: '3.1.2.19', name: 'bigcode', outcome: 'drop', rfc: 'Overlarge response code: drop' },
  { section: '3.2.1', name: 'badbranch', outcome: 'accept', rfc: 'Missing transaction identifier (branch=z9hG4bK): a parser must not break; the transaction layer decides',
    check: ({ core }) => assert.equal(core.vias[0]?.branch, 'z9hG4bK') },
  { section: '3.3.1', name: 'insuf', outcome: '400', rfc: 'Missing Call-ID, From and To: ideally respond 400' },
  { section: '3.3.2', name: 'unkscm', outcome: 'accept', rfc: 'Request-URI with an unknown scheme: parse it (the UA answers 416)' },
  { section: '3.3.3', name: 'novelsc', outcome: 'accept', rfc: 'Request-URI with a known but atypical scheme: parse it (the UA answers 416)' },
  { section: '3.3.4', name: 'unksm2', outcome: 'accept', rfc: 'Unknown URI schemes in To, From and Contact: parse them' },
  { section: '3.3.5', name: 'bext01', outcome: 'accept', rfc: 'Unknown Require and Proxy-Require: parse it (the UA answers 420)' },
  { section: '3.3.6', name: 'invut', outcome: 'accept', rfc: 'Unknown Content-Type: parse it (the UA answers 415)' },
  { section: '3.3.7', name: 'regaut01', outcome: 'accept', rfc: 'Unknown authorization scheme: parse it (the registrar answers 401)' },
  { section: '3.3.8', name: 'multi01', outcome: '400', rfc: 'Multiple values in single-value required fields: respond 400' },
  { section: '3.3.9', name: 'mcl01', outcome: '400', rfc: 'Multiple Content-Length values: respond with an error (on a stream: close)' },
  { section: '3.3.10', name: 'bcast', outcome: 'accept', rfc: '200 OK with a broadcast Via: parse it (forwarding is the transport\'s concern)' },
  { section: '3.3.11', name: 'zeromf', outcome: 'accept', rfc: 'Max-Forwards of zero: valid (a UA answers OPTIONS; a proxy answers 483)', check: ({ core }) => assert.equal(core.maxForwards, 0) },
  { section: '3.3.12', name: 'cparam01', outcome: 'accept', rfc: 'REGISTER with a contact parameter: it belongs to the header',
    check: ({ message }) => {
      const contacts = getContacts(message);
      const contact = contacts.ok && contacts.value.kind === 'list' ? contacts.value.contacts[0] : undefined;
      assert.deepEqual([contact?.address.params.map((p) => p.name), contact?.address.uri.kind === 'sip' && contact.address.uri.params], [['unknownparam'], []]);
    } },
  { section: '3.3.13', name: 'cparam02', outcome: 'accept', rfc: 'REGISTER with a URL parameter: it belongs to the URI',
    check: ({ message }) => {
      const contacts = getContacts(message);
      const contact = contacts.ok && contacts.value.kind === 'list' ? contacts.value.contacts[0] : undefined;
      assert.deepEqual([contact?.address.params, contact?.address.uri.kind === 'sip' && contact.address.uri.params], [[], [{ name: 'unknownparam', value: null }]]);
    } },
  { section: '3.3.14', name: 'regescrt', outcome: 'accept', rfc: 'REGISTER with a URL escaped header in <>: valid',
    check: ({ message }) => {
      const contacts = getContacts(message);
      const uri = contacts.ok && contacts.value.kind === 'list' ? contacts.value.contacts[0]?.address.uri : undefined;
      assert.deepEqual(uri?.kind === 'sip' && uri.headers, [{ name: 'Route', value: '<sip:sip.example.com>' }]);
    } },
  { section: '3.3.15', name: 'sdp01', outcome: 'accept', rfc: 'Unacceptable Accept offering: parse it (the UA answers 406)' },
  { section: '3.4.1', name: 'inv2543', outcome: 'accept', rfc: 'INVITE with RFC 2543 syntax: accept; no Content-Length means the body runs to the end of the datagram',
    check: ({ message, core }) => {
      assert.equal(core.maxForwards, undefined);
      assert.equal(core.vias[0]?.branch, undefined);
      assert.equal(Buffer.from(message.body).toString().endsWith('m=audio 49217 RTP/AVP 0\r\n'), true);
      assert.equal(getExpires(message).ok, true);
    } },
];

function outcomeOf(result: SipParseResult): Outcome {
  if (result.ok) return 'accept';
  const status = result.error.reply?.status;
  return status === undefined ? 'drop' : status === 505 ? '505' : '400';
}

describe('RFC 4475 torture messages, each handled as the RFC says (as datagrams)', () => {
  test('the table covers every message in the fixtures, once', () => {
    assert.deepEqual(CASES.map((c) => c.name).sort(), tortureMessageNames());
    assert.equal(CASES.length, 49);
  });

  for (const c of CASES) {
    test(`§${c.section} ${c.name}: ${c.outcome} — ${c.rfc}`, () => {
      const result = parseSipMessage(loadTortureMessage(c.name));
      assert.equal(outcomeOf(result), c.outcome, result.ok ? 'accepted' : `${result.error.code}: ${result.error.reason}`);
      if (result.ok) c.check?.(result);
    });
  }
});

describe('the same messages on a stream', () => {
  const stream: [string, string][] = [
    ['clerr', 'incomplete'],
    ['ncl', 'malformed'],
    ['mcl01', 'malformed'],
    ['inv2543', 'malformed'],
    ['wsinv', 'message'],
    ['mpart01', 'message'],
    ['longreq', 'message'],
    ['badvers', 'invalid'],
    ['quotbal', 'invalid'],
  ];
  for (const [name, expected] of stream) {
    test(`${name} → ${expected}`, () => {
      const events = new SipStreamFramer().push(loadTortureMessage(name));
      assert.equal(events[0]?.type ?? 'incomplete', expected);
    });
  }
});
