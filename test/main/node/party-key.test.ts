import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partyKey, sameContact } from '../../../src/main/node/node-contacts.js';

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u';

test('a Parley address is its identity, whatever else the URI says', () => {
  assert.ok(sameContact(`sip:${KEY}@parley.invalid`, `<sips:${KEY}@parley.invalid;transport=tcp>`));
  assert.ok(!sameContact(`sip:${KEY}@parley.invalid`, `sip:${KEY.replace(/^y/, 'b')}@parley.invalid`));
});

test('plain SIP addresses compare as RFC 3261 §19.1.4 says: host and default port forgiven, user case kept', () => {
  assert.ok(sameContact('sip:carol@Example.ORG', 'sip:carol@example.org:5060;transport=udp'));
  assert.ok(sameContact('sip:carol@example.org', 'sips:carol@example.org:5061'));
  assert.ok(sameContact('sip:%63arol@example.org', 'sip:carol@example.org'), 'escapes are decoded');
  assert.ok(!sameContact('sip:Carol@example.org', 'sip:carol@example.org'), 'the user part is case-sensitive');
  assert.ok(!sameContact('sip:carol@example.org:5080', 'sip:carol@example.org'));
});

test('what does not parse is compared as written, never thrown on', () => {
  assert.equal(partyKey('  not a uri '), 'not a uri');
  assert.ok(!sameContact('sip:@@', 'sip:carol@example.org'));
});
