import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkBuddyName, contactInitials, contactLabel, filterContacts } from '../../src/renderer/view/contact-view.js';
import { BOB, CAROL } from './call-fixtures.js';
import { contact } from './history-fixtures.js';

const bob = contact(BOB, 'Bob Builder');
const carol = contact(CAROL, 'carol');
const dave = contact('sip:dave@example.org');

test('a buddy is shown by the name given, else by the address', () => {
  assert.equal(contactLabel(bob), 'Bob Builder');
  assert.equal(contactLabel(dave), 'sip:dave@example.org');
  assert.equal(contactLabel(contact('sip:x@example.org', '   ')), 'sip:x@example.org');
});

test('the list is sorted by what it shows, ignoring case', () => {
  assert.deepEqual(filterContacts([dave, carol, bob], '').map(contactLabel), ['Bob Builder', 'carol', 'sip:dave@example.org']);
});

test('the search finds buddies by any part of the name or the address, in any case', () => {
  const all = [bob, carol, dave];
  assert.deepEqual(filterContacts(all, 'BUILD').map(contactLabel), ['Bob Builder']);
  assert.deepEqual(filterContacts(all, '192.0.2').map(contactLabel), ['carol']);
  assert.deepEqual(filterContacts(all, '  dave ').map(contactLabel), ['sip:dave@example.org']);
  assert.deepEqual(filterContacts(all, 'parley.invalid').map(contactLabel), ['Bob Builder']);
  assert.deepEqual(filterContacts(all, 'zed'), []);
});

test('a buddy name is optional; when given it follows the display-name rules', () => {
  assert.deepEqual(checkBuddyName(''), { state: 'valid', displayName: '' });
  assert.deepEqual(checkBuddyName('  Bob  '), { state: 'valid', displayName: 'Bob' });
  assert.deepEqual(checkBuddyName('x'.repeat(65)), { state: 'invalid', message: 'A display name has at most 64 characters.' });
  assert.equal(checkBuddyName('a\u0007b').state, 'invalid');
});

test('the avatar shows the initials of the name, else the first letter of the address', () => {
  assert.equal(contactInitials(bob), 'BB');
  assert.equal(contactInitials(carol), 'C');
  assert.equal(contactInitials(dave), 'D');
});
