import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuddyStatus } from '../../src/renderer/state/presence-state.js';
import { filterContacts } from '../../src/renderer/view/contact-view.js';
import { buddyPresenceView, callButtonView, keepOrder, orderByPresence, OWN_STATUS_OPTIONS, ownStatusHint } from '../../src/renderer/view/presence-view.js';
import { contact } from './history-fixtures.js';

test('each presence reads as the word a screen reader says and the row shows', () => {
  const table: Array<[BuddyStatus, string]> = [
    ['online', 'Online'],
    ['away', 'Away'],
    ['busy', 'Do not disturb'],
    ['offline', 'Offline'],
    ['unknown', 'Presence unknown'],
  ];
  for (const [status, label] of table) assert.equal(buddyPresenceView(status, 'parley').label, label);
  assert.match(buddyPresenceView('unknown', 'sip').hint, /Plain SIP addresses do not share presence/);
  assert.match(buddyPresenceView('unknown', 'parley').hint, /still looking/);
});

test('the Call button says when the buddy is offline or does not want to be disturbed, and stays a Call button', () => {
  assert.deepEqual(callButtonView('Bob', 'online'), { name: 'Call Bob', title: 'Call Bob' });
  assert.equal(callButtonView('Bob', 'away').name, 'Call Bob');
  assert.equal(callButtonView('Bob', 'unknown').name, 'Call Bob');
  assert.equal(callButtonView('Bob', 'offline').name, 'Call Bob (offline)');
  assert.match(callButtonView('Bob', 'offline').title, /tries anyway/);
  assert.equal(callButtonView('Bob', 'busy').name, 'Call Bob (do not disturb)');
  assert.match(callButtonView('Bob', 'busy').title, /turned away as busy/);
});

test('the own status offers Online, Away and Do not disturb, and says what each does', () => {
  assert.deepEqual(
    OWN_STATUS_OPTIONS.map((option) => [option.status, option.label]),
    [
      ['online', 'Online'],
      ['away', 'Away'],
      ['busy', 'Do not disturb'],
    ],
  );
  assert.match(ownStatusHint('busy'), /calls are turned away as busy/);
  assert.match(ownStatusHint(null), /not known yet/);
});

test('buddies who can be reached come first, each part in alphabetical order', () => {
  const statuses: Record<string, BuddyStatus> = {
    'sip:ann@example.org': 'offline',
    'sip:bob@example.org': 'away',
    'sip:cat@example.org': 'unknown',
    'sip:dan@example.org': 'online',
    'sip:eve@example.org': 'busy',
    'sip:fay@example.org': 'offline',
  };
  const contacts = filterContacts(
    Object.keys(statuses).reverse().map((uri) => contact(uri, uri.slice(4, 7))),
    '',
  );
  const ordered = orderByPresence(contacts, (uri) => statuses[uri] ?? 'unknown');
  assert.deepEqual(
    ordered.map((entry) => entry.displayName),
    ['bob', 'dan', 'eve', 'ann', 'cat', 'fay'],
  );
});

test('a buddy going away or setting do not disturb does not move; coming online does', () => {
  const contacts = [contact('sip:a@x', 'A'), contact('sip:b@x', 'B'), contact('sip:c@x', 'C')];
  const order = (statuses: BuddyStatus[]) => orderByPresence(contacts, (uri) => statuses[contacts.findIndex((entry) => entry.uri === uri)] ?? 'unknown').map((entry) => entry.displayName);
  assert.deepEqual(order(['online', 'online', 'offline']), ['A', 'B', 'C']);
  assert.deepEqual(order(['away', 'busy', 'offline']), ['A', 'B', 'C']);
  assert.deepEqual(order(['offline', 'online', 'online']), ['B', 'C', 'A']);
});

test('while held, rows keep their places; new ones go at the end and removed ones go', () => {
  const key = (entry: { uri: string }) => entry.uri;
  const next = [{ uri: 'c' }, { uri: 'new' }, { uri: 'a' }];
  assert.deepEqual(
    keepOrder(['a', 'b', 'c'], next, key).map(key),
    ['a', 'c', 'new'],
  );
  assert.deepEqual(keepOrder([], next, key).map(key), ['c', 'new', 'a']);
});
