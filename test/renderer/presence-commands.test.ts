import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppAction } from '../../src/renderer/state/app-state.js';
import { createPresenceCommands } from '../../src/renderer/state/presence-commands.js';
import { BOB } from './call-fixtures.js';
import { FakeParleyApi } from './fake-parley-api.js';

function setUp(answers: ConstructorParameters<typeof FakeParleyApi>[0]) {
  const fake = new FakeParleyApi(answers);
  const actions: AppAction[] = [];
  return { fake, actions, commands: createPresenceCommands(fake.api, (action) => actions.push(action)) };
}

const bobOnline = { uri: BOB, status: 'online', since: 1_000 } as const;

test("loads the buddies' presence and the own status side by side", async () => {
  const { fake, actions, commands } = setUp({ listPresence: { ok: true, value: [bobOnline] }, getPresence: { ok: true, value: { status: 'away' } } });
  await commands.loadPresence();
  assert.deepEqual(fake.calls.map((call) => call.command).sort(), ['getPresence', 'listPresence']);
  assert.deepEqual(actions, [
    { type: 'buddyPresenceListed', presence: [bobOnline] },
    { type: 'ownPresenceChanged', status: 'away' },
  ]);
});

test('presence that cannot be loaded says so in a notice; a link lost mid-load stays quiet', async () => {
  const failed = setUp({ getPresence: { ok: true, value: { status: 'online' } }, listPresence: { ok: false, error: { code: 'INTERNAL', message: 'listPresence: boom' } } });
  await failed.commands.loadPresence();
  assert.deepEqual(failed.actions, [
    { type: 'commandFailed', what: "Could not load your buddies' presence", error: { code: 'INTERNAL', message: 'Boom.' } },
    { type: 'ownPresenceChanged', status: 'online' },
  ]);
  const lost = setUp({
    listPresence: { ok: false, error: { code: 'UNAVAILABLE', message: 'the link to the core is down' } },
    getPresence: { ok: false, error: { code: 'UNAVAILABLE', message: 'the link to the core is down' } },
  });
  await lost.commands.loadPresence();
  assert.deepEqual(lost.actions, []);
});

test('setting the own status sends it and shows what the core answers', async () => {
  const { fake, actions, commands } = setUp({ setPresence: { ok: true, value: { status: 'busy' } } });
  assert.equal(await commands.setOwnPresence('busy'), true);
  assert.deepEqual(fake.calls, [{ command: 'setPresence', args: { status: 'busy' } }]);
  assert.deepEqual(actions, [{ type: 'ownPresenceChanged', status: 'busy' }]);
});

test('a refused status change is a notice, and the status stays what the core has', async () => {
  const { actions, commands } = setUp({ setPresence: { ok: false, error: { code: 'UNAVAILABLE', message: 'shutting down' } } });
  assert.equal(await commands.setOwnPresence('away'), false);
  assert.deepEqual(actions, [{ type: 'commandFailed', what: 'Could not change your status', error: { code: 'UNAVAILABLE', message: 'Shutting down.' } }]);
});
