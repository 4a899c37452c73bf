import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contact } from '../../src/shared/api-contract.js';
import { activeCallLabel, callListView } from '../../src/renderer/view/call-list-view.js';
import { BOB, CAROL, callEntry, callView, establishedCall } from './call-fixtures.js';

const buddies: Contact[] = [
  { uri: BOB, displayName: 'Bob', addedAt: '2024-01-01T00:00:00.000Z' },
  { uri: CAROL, displayName: 'Carol', addedAt: '2024-01-01T00:00:00.000Z' },
];

const slots = (view: ReturnType<typeof callListView>) => view.items.map((item) => [item.entry.view.callId, item.slot]);

test('one call in progress is the active one, and there is nothing to sum up', () => {
  const view = callListView([callEntry(establishedCall({ callId: 'a' }))], buddies);
  assert.deepEqual(slots(view), [['a', 'active']]);
  assert.equal(view.activeCallId, 'a');
  assert.equal(view.summary, null);
  assert.equal(view.items[0]?.swapsWith, null);
});

test('with a second call answered, the first is on hold and resuming it swaps with the second', () => {
  const view = callListView(
    [
      callEntry(establishedCall({ callId: 'a', establishedAt: 2_000, localHold: true })),
      callEntry(establishedCall({ callId: 'b', remoteUri: CAROL, direction: 'incoming', establishedAt: 9_000 })),
    ],
    buddies,
  );
  assert.deepEqual(slots(view), [
    ['a', 'held'],
    ['b', 'active'],
  ]);
  assert.deepEqual(view.items[0]?.swapsWith, { callId: 'b', label: 'Carol' });
  assert.equal(view.items[1]?.swapsWith, null, 'the active call swaps with nothing');
  assert.equal(view.heldCount, 1);
  assert.equal(view.summary, '2 calls · 1 on hold');
  assert.equal(activeCallLabel(view), 'Carol');
});

test('exactly one call is active even while a swap is half done: the one established last', () => {
  const view = callListView(
    [callEntry(establishedCall({ callId: 'a', establishedAt: 2_000 })), callEntry(establishedCall({ callId: 'b', remoteUri: CAROL, establishedAt: 9_000 }))],
    buddies,
  );
  assert.deepEqual(slots(view), [
    ['a', 'live'],
    ['b', 'active'],
  ]);
  assert.equal(view.items.filter((item) => item.slot === 'active').length, 1);
});

test('when every call is held, none is active and Resume simply resumes', () => {
  const view = callListView(
    [callEntry(establishedCall({ callId: 'a', localHold: true })), callEntry(establishedCall({ callId: 'b', remoteUri: CAROL, localHold: true }))],
    buddies,
  );
  assert.deepEqual(slots(view), [
    ['a', 'held'],
    ['b', 'held'],
  ]);
  assert.equal(view.activeCallId, null);
  assert.equal(view.items[0]?.swapsWith, null);
  assert.equal(view.summary, '2 calls · 2 on hold');
  assert.equal(activeCallLabel(view), null);
});

test('a call being placed is connecting, a held-by-them call can still be the active one, ringing and ended calls are not listed', () => {
  const view = callListView(
    [
      callEntry(establishedCall({ callId: 'a', remoteHold: true })),
      callEntry(callView({ callId: 'b', remoteUri: 'sip:dave@example.org' })),
      callEntry(callView({ callId: 'c', direction: 'incoming' })),
      callEntry(establishedCall({ callId: 'd', state: 'ended' })),
    ],
    buddies,
  );
  assert.deepEqual(slots(view), [
    ['a', 'active'],
    ['b', 'connecting'],
  ]);
  assert.deepEqual(
    view.items.map((item) => item.label),
    ['Bob', 'sip:dave@example.org'],
  );
  assert.equal(view.summary, '2 calls');
});
