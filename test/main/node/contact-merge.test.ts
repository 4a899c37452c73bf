import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Contact } from '../../../src/shared/api-contract.js';
import { contactListDigest, mergeContactLists, type SyncPoint } from '../../../src/main/node/contact-merge.js';

const at = '2025-10-09T08:00:00.000Z';
const ann: Contact = { uri: 'sip:ann@example.com', displayName: 'Ann', addedAt: at };
const bob: Contact = { uri: 'sip:bob@example.com', displayName: 'Bob', addedAt: at };
const cat: Contact = { uri: 'sip:cat@example.com', displayName: 'Cat', addedAt: at };
const syncedAt = (savedAt: number, contacts: Contact[]): SyncPoint => ({ savedAt, digest: contactListDigest(contacts) });
const names = (decision: ReturnType<typeof mergeContactLists>): string[] | 'unchanged' => (decision.next === 'unchanged' ? 'unchanged' : decision.next.map((c) => c.displayName));

describe('merging the contact list with its backup', () => {
  test('a fresh device takes the backup whole', () => {
    const decision = mergeContactLists([], { savedAt: 10, contacts: [ann, bob] }, null);
    assert.deepEqual(names(decision), ['Ann', 'Bob']);
    assert.equal(decision.publish, false);
    assert.equal(decision.outcome, 'restored');
  });

  test('a fresh device that already has contacts keeps them and adds the backup’s, then publishes the union', () => {
    const decision = mergeContactLists([cat, { ...ann, displayName: 'Annie' }], { savedAt: 10, contacts: [ann, bob] }, null);
    assert.deepEqual(names(decision), ['Annie', 'Bob', 'Cat']);
    assert.equal(decision.publish, true);
  });

  test('a newer backup wins over an unchanged local list, removals included', () => {
    const decision = mergeContactLists([ann, bob], { savedAt: 20, contacts: [bob, { ...cat, displayName: 'Kitty' }] }, syncedAt(10, [ann, bob]));
    assert.deepEqual(names(decision), ['Bob', 'Kitty']);
    assert.equal(decision.publish, false);
  });

  test('when both changed, the union is kept and published: a removal is undone rather than a contact lost', () => {
    const local = [ann, cat]; // Bob removed here, Cat added here
    const decision = mergeContactLists(local, { savedAt: 20, contacts: [ann, bob, { ...ann, uri: 'sip:dan@example.com', displayName: 'Dan' }] }, syncedAt(10, [ann, bob]));
    assert.deepEqual(names(decision), ['Ann', 'Bob', 'Dan', 'Cat']);
    assert.equal(decision.publish, true);
    assert.equal(decision.outcome, 'merged');
  });

  test('a backup that is not newer than the sync point changes nothing here; a local change is published', () => {
    const point = syncedAt(10, [ann]);
    assert.deepEqual(mergeContactLists([ann], { savedAt: 10, contacts: [ann] }, point), { next: 'unchanged', publish: false, outcome: 'in-step' });
    assert.deepEqual(mergeContactLists([ann, bob], { savedAt: 10, contacts: [ann] }, point), { next: 'unchanged', publish: true, outcome: 'local-newer' });
    assert.equal(mergeContactLists([ann], { savedAt: 5, contacts: [] }, point).publish, true, 'the DHT lost our newer snapshot');
  });

  test('a missing backup is published again, unless there never was anything to back up', () => {
    assert.deepEqual(mergeContactLists([], null, null), { next: 'unchanged', publish: false, outcome: 'nothing-to-back-up' });
    assert.equal(mergeContactLists([ann], null, null).publish, true);
    assert.equal(mergeContactLists([], null, syncedAt(10, [])).publish, true, 'an emptied list is backed up too');
  });
});
