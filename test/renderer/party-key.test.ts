import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBuddy, normalisedSipUri, parleyIdentityKey, partyKey } from '../../src/renderer/view/party-key.js';
import { BOB, CAROL } from './call-fixtures.js';
import { contact } from './history-fixtures.js';

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u';

test('a Parley address is known by its identity key, in any case and with any parameters', () => {
  assert.equal(parleyIdentityKey(BOB), KEY);
  assert.equal(parleyIdentityKey(`<sips:${KEY.toUpperCase()}@Parley.Invalid;transport=dht>`), KEY);
  assert.equal(parleyIdentityKey(CAROL), null);
  assert.equal(parleyIdentityKey('sip:bob@parley.invalid.example.org'), null, 'a look-alike domain is not ours');
});

test('a plain SIP address is compared as RFC 3261 §19.1.4 says, forgiving the default port and SIPS', () => {
  const cases: Array<[string, string]> = [
    ['sip:carol@192.0.2.7:5060', 'sip:carol@192.0.2.7'],
    ['<sip:carol@EXAMPLE.org;transport=tcp?subject=hi>', 'sip:carol@example.org'],
    ['sips:carol@example.org:5061', 'sip:carol@example.org'],
    ['sip:%63arol@example.org', 'sip:carol@example.org'],
    ['sip:carol@example.org:5070', 'sip:carol@example.org:5070'],
    ['sip:example.org', 'sip:example.org'],
  ];
  for (const [uri, normalised] of cases) assert.equal(normalisedSipUri(uri), normalised, uri);
});

test('the party key: a Parley identity whatever else its URI says, any other address by its normalised URI', () => {
  const table: Array<[uri: string, key: string]> = [
    [BOB, `parley:${KEY}`],
    [BOB.toUpperCase(), `parley:${KEY}`],
    [`sips:${KEY}@parley.invalid`, `parley:${KEY}`],
    [`<sip:${KEY}@Parley.Invalid;transport=dht>`, `parley:${KEY}`],
    [`sip:${KEY}@parley.invalid:5060`, `parley:${KEY}`],
    ['sip:Dave@Example.org;transport=tcp', 'sip:Dave@example.org'],
    ['sips:dave@example.org', 'sip:dave@example.org'],
    // Not a Parley address: a look-alike domain is just another SIP host.
    [`sip:${KEY}@parley.invalid.example.org`, `sip:${KEY}@parley.invalid.example.org`],
  ];
  for (const [uri, key] of table) assert.equal(partyKey(uri), key, uri);
  assert.notEqual(partyKey('sip:Carol@example.org'), partyKey('sip:carol@example.org'), 'the user part is case-sensitive');
  assert.equal(partyKey('sip:carol@Example.org:5060'), partyKey('sip:carol@example.org'), 'the host is not');
});

test('an address is a buddy’s when an address in the list names the same party', () => {
  const buddies = [contact(`sip:${KEY.toUpperCase()}@parley.invalid`, 'Bob'), contact('sip:carol@192.0.2.7', 'Carol')];
  assert.equal(findBuddy(buddies, BOB)?.displayName, 'Bob');
  assert.equal(findBuddy(buddies, `${BOB};transport=tcp`)?.displayName, 'Bob');
  assert.equal(findBuddy(buddies, `<${CAROL};transport=tcp>`)?.displayName, 'Carol', 'parameters, angle brackets and the default port aside');
  assert.equal(findBuddy(buddies, 'sip:carol@192.0.2.7:5061'), undefined, 'another port is another party');
  assert.equal(findBuddy(buddies, 'sip:mallory@192.0.2.7'), undefined);
});
