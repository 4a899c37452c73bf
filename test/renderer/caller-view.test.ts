import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contact } from '../../src/shared/api-contract.js';
import { callParty, claimedName, findBuddy, normalisedSipUri, parleyIdentityKey, partyKey, partyLabel } from '../../src/renderer/view/caller-view.js';
import { BOB, CAROL } from './call-fixtures.js';

const KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u';
const contact = (uri: string, displayName = ''): Contact => ({ uri, displayName, addedAt: '2024-01-01T00:00:00.000Z' });

test('a Parley address is known by its identity key, in any case and with any parameters', () => {
  assert.equal(parleyIdentityKey(BOB), KEY);
  assert.equal(parleyIdentityKey(`<sips:${KEY.toUpperCase()}@Parley.Invalid;transport=dht>`), KEY);
  assert.equal(parleyIdentityKey(CAROL), null);
  assert.equal(parleyIdentityKey('sip:bob@parley.invalid.example.org'), null, 'a look-alike domain is not ours');
  assert.equal(partyKey(`sip:${KEY.toUpperCase()}@parley.invalid;x=1`), partyKey(BOB));
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
  assert.notEqual(partyKey('sip:Carol@example.org'), partyKey('sip:carol@example.org'), 'the user part is case-sensitive');
  assert.equal(partyKey('sip:carol@Example.org:5060'), partyKey('sip:carol@example.org'), 'the host is not');
});

test('a caller is a buddy when an address in the list names the same party', () => {
  const buddies = [contact(`sip:${KEY.toUpperCase()}@parley.invalid`, 'Bob'), contact('sip:carol@192.0.2.7', 'Carol')];
  assert.equal(findBuddy(buddies, BOB)?.displayName, 'Bob');
  assert.equal(findBuddy(buddies, CAROL)?.displayName, 'Carol');
  assert.equal(findBuddy(buddies, 'sip:mallory@192.0.2.7'), undefined);
});

test('the party is named by the buddy list first, then by their own claim, else not at all', () => {
  const buddies = [contact(BOB, 'Bob'), contact(CAROL)];
  const bob = callParty({ remoteUri: BOB, remoteDisplayName: 'Not Bob' }, buddies);
  assert.deepEqual([bob.name, bob.nameSource, bob.kind, bob.buddy?.uri], ['Bob', 'buddy', 'parley', BOB]);
  const carol = callParty({ remoteUri: CAROL, remoteDisplayName: 'Carol S.' }, buddies);
  assert.deepEqual([carol.name, carol.nameSource, carol.kind, carol.buddy?.uri], ['Carol S.', 'claimed', 'sip', CAROL], 'a buddy without a name');
  const stranger = callParty({ remoteUri: 'sip:mallory@192.0.2.9', remoteDisplayName: null }, buddies);
  assert.deepEqual([stranger.name, stranger.nameSource, stranger.buddy], [null, null, null]);
  assert.equal(partyLabel(stranger), 'sip:mallory@192.0.2.9');
});

test('a claimed name that is no valid display name is not shown', () => {
  assert.equal(claimedName('  Alice  '), 'Alice');
  assert.equal(claimedName('Eve\u0007'), null);
  assert.equal(claimedName('x'.repeat(65)), null);
  assert.equal(claimedName('   '), null);
  assert.equal(claimedName(null), null);
});
