import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppAction } from '../../src/renderer/state/app-state.js';
import { createBuddyCommands } from '../../src/renderer/state/buddy-commands.js';
import { BOB } from './call-fixtures.js';
import { FakeParleyApi } from './fake-parley-api.js';
import { contact, history, historyEntry } from './history-fixtures.js';

const bob = contact(BOB, 'Bob');

function setUp(answers: ConstructorParameters<typeof FakeParleyApi>[0]) {
  const fake = new FakeParleyApi(answers);
  const actions: AppAction[] = [];
  return { fake, actions, commands: createBuddyCommands(fake.api, (action) => actions.push(action)) };
}

test('loads the buddies and the history side by side', async () => {
  const { actions, commands } = setUp({ listContacts: { ok: true, value: [bob] }, getHistory: { ok: true, value: history([historyEntry()], 1) } });
  await commands.loadLists();
  assert.deepEqual(actions, [
    { type: 'contactsLoaded', contacts: [bob] },
    { type: 'historyLoaded', history: history([historyEntry()], 1) },
  ]);
});

test('a list that cannot be loaded fails on its own, the other still loads', async () => {
  const { actions, commands } = setUp({ listContacts: { ok: true, value: [] } });
  await commands.loadLists();
  assert.deepEqual(actions[0], { type: 'contactsLoaded', contacts: [] });
  assert.equal(actions[1]?.type, 'historyFailed');
});

test('adding a buddy sends the address and the name and shows the list the core answers', async () => {
  const { fake, actions, commands } = setUp({ addContact: { ok: true, value: [bob] } });
  assert.equal(await commands.addContact(BOB, 'Bob'), null);
  assert.deepEqual(fake.calls, [{ command: 'addContact', args: { uri: BOB, displayName: 'Bob' } }]);
  assert.deepEqual(actions, [{ type: 'contactsLoaded', contacts: [bob] }]);
});

test('a refused change answers with a sentence and leaves the list as it was', async () => {
  const { actions, commands } = setUp({
    removeContact: { ok: false, error: { code: 'BAD_ARGUMENT', message: 'removeContact: uri: a SIP URI starts with sip: or sips: and has no spaces' } },
  });
  assert.equal(await commands.removeContact('bob'), 'Could not remove the buddy: A SIP URI starts with sip: or sips: and has no spaces.');
  assert.deepEqual(actions, []);
});

test('marking the history seen sends one request however often the user looks meanwhile', async () => {
  const { fake, actions, commands } = setUp({ markHistorySeen: { ok: true, value: history([], 0) } });
  await Promise.all([commands.markHistorySeen(), commands.markHistorySeen()]);
  assert.equal(fake.calls.length, 1);
  assert.deepEqual(actions, [{ type: 'historyLoaded', history: history([], 0) }]);
  await commands.markHistorySeen();
  assert.equal(fake.calls.length, 2);
});

test('clearing the history shows the empty history, or says why it could not', async () => {
  const cleared = setUp({ clearHistory: { ok: true, value: history() } });
  assert.equal(await cleared.commands.clearHistory(), null);
  assert.deepEqual(cleared.actions, [{ type: 'historyLoaded', history: history() }]);
  const refused = setUp({ clearHistory: { ok: false, error: { code: 'INTERNAL', message: 'disk full' } } });
  assert.equal(await refused.commands.clearHistory(), 'Could not clear the history: Disk full.');
});
