import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuddyPresence } from '../../src/shared/api-contract.js';
import {
  buddyStatus,
  initialPresenceState,
  reducePresenceState,
  type PresenceAction,
  type PresenceState,
} from '../../src/renderer/state/presence-state.js';
import { BOB, CAROL } from './call-fixtures.js';
import { contact } from './history-fixtures.js';

const BOB_KEY = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u';
const DAVE = 'sip:dave@example.org';

function presence(uri: string, status: BuddyPresence['status'], since = 1_000): BuddyPresence {
  return { uri, status, since };
}

function run(actions: PresenceAction[], state: PresenceState = initialPresenceState()): PresenceState {
  return actions.reduce(reducePresenceState, state);
}

test('every buddy is unknown until the core says otherwise', () => {
  const state = initialPresenceState();
  assert.equal(buddyStatus(state, BOB), 'unknown');
  assert.equal(state.own, null);
  // No address can reach into an object's own properties.
  assert.equal(buddyStatus(state, 'constructor'), 'unknown');
  assert.equal(buddyStatus(state, '__proto__'), 'unknown');
});

test('the listing gives every buddy their presence, found again by any spelling of their address', () => {
  const state = run([{ type: 'buddyPresenceListed', presence: [presence(BOB, 'online'), presence(CAROL, 'unknown'), presence(DAVE, 'busy')] }]);
  assert.equal(buddyStatus(state, BOB), 'online');
  assert.equal(buddyStatus(state, BOB.toUpperCase()), 'online');
  assert.equal(buddyStatus(state, `sips:${BOB_KEY}@parley.invalid`), 'online');
  assert.equal(buddyStatus(state, CAROL), 'unknown');
  assert.equal(buddyStatus(state, '<sip:dave@Example.org:5060;transport=tcp>'), 'busy');
});

test('a change of one buddy updates only that buddy', () => {
  const listed = run([{ type: 'buddyPresenceListed', presence: [presence(BOB, 'online'), presence(DAVE, 'online')] }]);
  const state = run([{ type: 'buddyPresenceChanged', presence: presence(BOB.toUpperCase(), 'away', 2_000) }], listed);
  assert.equal(buddyStatus(state, BOB), 'away');
  assert.equal(buddyStatus(state, DAVE), 'online');
  assert.equal(buddyStatus(listed, BOB), 'online', 'the state before is left as it was');
});

test('a change older than what is known is ignored: events and a listing may cross', () => {
  const state = run([
    { type: 'buddyPresenceChanged', presence: presence(BOB, 'offline', 5_000) },
    { type: 'buddyPresenceChanged', presence: presence(BOB, 'online', 4_000) },
  ]);
  assert.equal(buddyStatus(state, BOB), 'offline');
  const relisted = run([{ type: 'buddyPresenceListed', presence: [presence(BOB, 'online', 3_000)] }], state);
  assert.equal(buddyStatus(relisted, BOB), 'offline', 'a listing answered late does not undo a newer event');
  const unchanged = run([{ type: 'buddyPresenceChanged', presence: presence(BOB, 'online', 1_000) }], state);
  assert.equal(unchanged, state, 'nothing new, no new state');
});

test('a listing replaces what was known: a buddy it leaves out goes back to unknown', () => {
  const before = run([{ type: 'buddyPresenceListed', presence: [presence(BOB, 'online'), presence(DAVE, 'away')] }]);
  const after = run([{ type: 'buddyPresenceListed', presence: [presence(DAVE, 'offline', 2_000)] }], before);
  assert.equal(buddyStatus(after, BOB), 'unknown');
  assert.equal(buddyStatus(after, DAVE), 'offline');
});

test('a buddy removed from the contact list drops out, and comes back unknown if added again', () => {
  const state = run([
    { type: 'contactsLoaded', contacts: [contact(BOB, 'Bob'), contact(DAVE)] },
    { type: 'buddyPresenceListed', presence: [presence(BOB, 'online'), presence(DAVE, 'online')] },
    // Removed in another window: the whole list arrives without Bob.
    { type: 'contactsLoaded', contacts: [contact(DAVE)] },
  ]);
  assert.equal(state.buddies.size, 1);
  assert.equal(buddyStatus(state, DAVE), 'online');
  const readded = run([{ type: 'contactsLoaded', contacts: [contact(DAVE), contact(BOB, 'Bob')] }], state);
  assert.equal(buddyStatus(readded, BOB), 'unknown');
});

test('presence that arrives just before the list that adds its buddy is kept', () => {
  const state = run([
    { type: 'contactsLoaded', contacts: [contact(DAVE)] },
    { type: 'buddyPresenceChanged', presence: presence(BOB, 'online') },
    { type: 'contactsLoaded', contacts: [contact(DAVE), contact(BOB, 'Bob')] },
  ]);
  assert.equal(buddyStatus(state, BOB), 'online');
});

test('the first contact list drops nothing: presence may be listed before the contacts load', () => {
  const state = run([
    { type: 'buddyPresenceListed', presence: [presence(BOB, 'online')] },
    { type: 'contactsLoaded', contacts: [contact(BOB, 'Bob')] },
  ]);
  assert.equal(buddyStatus(state, BOB), 'online');
});

test('a buddy saved under another spelling of the same identity keeps their presence', () => {
  const state = run([
    { type: 'contactsLoaded', contacts: [contact(BOB, 'Bob')] },
    { type: 'buddyPresenceListed', presence: [presence(BOB, 'busy')] },
    { type: 'contactsLoaded', contacts: [contact(`sips:${BOB_KEY.toUpperCase()}@parley.invalid`, 'Bob')] },
  ]);
  assert.equal(buddyStatus(state, BOB), 'busy');
});

test('the own status follows every change, from this window or another', () => {
  const state = run([
    { type: 'ownPresenceChanged', status: 'online' },
    { type: 'ownPresenceChanged', status: 'busy' },
  ]);
  assert.equal(state.own, 'busy');
  assert.equal(run([{ type: 'ownPresenceChanged', status: 'busy' }], state), state, 'the same status is no change');
});
