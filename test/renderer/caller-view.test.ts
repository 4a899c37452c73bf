import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callParty, claimedName, partyLabel } from '../../src/renderer/view/caller-view.js';
import { BOB, CAROL } from './call-fixtures.js';
import { contact } from './history-fixtures.js';

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
