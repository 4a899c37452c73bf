import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiResult } from '../../src/shared/api-contract.js';
import type { AppAction } from '../../src/renderer/state/app-state.js';
import { createConferenceCommands } from '../../src/renderer/state/conference-commands.js';
import { BOB } from './call-fixtures.js';
import { conferenceView, ME, member, ROOM } from './conference-fixtures.js';
import { FakeParleyApi } from './fake-parley-api.js';

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const refused = (message: string): ApiResult<never> => ({ ok: false, error: { code: 'BAD_ARGUMENT', message } });

function setUp(answers: ConstructorParameters<typeof FakeParleyApi>[0]) {
  const fake = new FakeParleyApi(answers);
  const actions: AppAction[] = [];
  const commands = createConferenceCommands(fake.api, (action) => actions.push(action));
  return { fake, actions, commands };
}

test('the conferences are loaded from the core; a failure is kept as a sentence for the card', async () => {
  const loaded = setUp({ listConferences: ok([conferenceView()]) });
  await loaded.commands.load();
  assert.deepEqual(loaded.actions, [{ type: 'conferencesListed', conferences: [conferenceView()] }]);

  const failed = setUp({ listConferences: { ok: false, error: { code: 'UNAVAILABLE', message: 'listConferences: not implemented yet' } } });
  await failed.commands.load();
  assert.deepEqual(failed.actions, [{ type: 'conferencesFailed', error: { code: 'UNAVAILABLE', message: 'Not implemented yet.' } }]);
});

test('a new conference is created with its subject, or without one when none was typed', async () => {
  const { fake, actions, commands } = setUp({ createConference: ok(conferenceView()) });
  assert.deepEqual(await commands.create('  Weekly sync '), { ok: true, uri: ROOM });
  await commands.create('   ');
  assert.deepEqual(
    fake.calls.map((call) => call.args),
    [{ subject: 'Weekly sync' }, {}],
  );
  assert.deepEqual(actions[0], { type: 'conferenceStarted', conference: conferenceView() });
});

test('a second press while the conference is being created sends nothing more', async () => {
  const { fake, commands } = setUp({ createConference: ok(conferenceView()) });
  const [first, second] = await Promise.all([commands.create(''), commands.create('')]);
  assert.deepEqual(first, { ok: true, uri: ROOM });
  assert.equal(second.ok, false);
  assert.equal(fake.calls.length, 1);
});

test('joining checks the address as the core will, and never sends a person’s address', async () => {
  const { fake, commands } = setUp({ joinConference: ok(conferenceView({ role: 'member', state: 'joining' })) });
  assert.deepEqual(await commands.join(''), { ok: false, error: 'Paste the conference address to join.' });
  assert.deepEqual(await commands.join('conference please'), { ok: false, error: 'A SIP URI starts with sip: or sips: and has no spaces.' });
  const person = await commands.join(ME);
  assert.equal(person.ok, false);
  assert.match(person.ok ? '' : person.error, /^That is a person’s address/);
  assert.deepEqual(fake.calls, []);
  assert.deepEqual(await commands.join(` ${ROOM} `), { ok: true, uri: ROOM });
  assert.deepEqual(fake.calls, [{ command: 'joinConference', args: { uri: ROOM } }]);
});

test('a join the core refuses is told in its words', async () => {
  const { actions, commands } = setUp({ joinConference: { ok: false, error: { code: 'UNAVAILABLE', message: 'joinConference: the conference is locked (403 Forbidden)' } } });
  assert.deepEqual(await commands.join(ROOM), { ok: false, error: 'Could not join: The conference is locked (403 Forbidden).' });
  assert.deepEqual(actions, []);
});

test('merging a call starts the conference; a refusal also raises a notice, since the button has no room for it', async () => {
  const merged = setUp({ mergeIntoConference: ok(conferenceView()) });
  assert.deepEqual(await merged.commands.merge('call-1'), { ok: true, uri: ROOM });
  assert.deepEqual(merged.fake.calls, [{ command: 'mergeIntoConference', args: { callId: 'call-1' } }]);
  assert.deepEqual(merged.actions, [{ type: 'conferenceStarted', conference: conferenceView() }]);

  const failed = setUp({ mergeIntoConference: refused('mergeIntoConference: the call is on hold') });
  assert.deepEqual(await failed.commands.merge('call-1'), { ok: false, error: 'Could not make it a conference: The call is on hold.' });
  assert.deepEqual(failed.actions, [{ type: 'commandFailed', what: 'Could not make it a conference', error: { code: 'BAD_ARGUMENT', message: 'The call is on hold.' } }]);
});

test('inviting sends the checked address and hands the form back null, or the sentence why not', async () => {
  const withCarol = conferenceView({ members: [member(), member({ memberId: 'm-carol', uri: 'sip:carol@192.0.2.7' })] });
  const { fake, actions, commands } = setUp({ inviteToConference: ok(withCarol) });
  assert.equal(await commands.invite(ROOM, ''), 'Pick a buddy or enter the SIP address to invite.');
  assert.equal(await commands.invite(ROOM, 'carol'), 'A SIP URI starts with sip: or sips: and has no spaces.');
  assert.equal(await commands.invite(ROOM, ' sip:carol@192.0.2.7 '), null);
  assert.deepEqual(fake.calls, [{ command: 'inviteToConference', args: { uri: ROOM, invitee: 'sip:carol@192.0.2.7' } }]);
  assert.deepEqual(actions, [{ type: 'conferenceViewReturned', conference: withCarol }]);

  const failing = setUp({ inviteToConference: refused('inviteToConference: the conference is locked') });
  assert.equal(await failing.commands.invite(ROOM, BOB), 'Could not invite: The conference is locked.');
});

test('a host control shows its progress on the card and then the core’s view', async () => {
  const muted = conferenceView({ members: [member({ muted: true })] });
  const { fake, actions, commands } = setUp({ setMemberMuted: ok(muted) });
  await commands.setMemberMuted(ROOM, 'm-bob', true);
  assert.deepEqual(fake.calls, [{ command: 'setMemberMuted', args: { uri: ROOM, memberId: 'm-bob', muted: true } }]);
  assert.deepEqual(actions, [
    { type: 'conferenceOperationStarted', uri: ROOM, operation: { kind: 'mute', memberId: 'm-bob' } },
    { type: 'conferenceViewReturned', conference: muted },
    { type: 'conferenceOperationFinished', uri: ROOM, operation: { kind: 'mute', memberId: 'm-bob' }, error: null },
  ]);
});

test('a refused host control is told as a sentence on the card', async () => {
  const { actions, commands } = setUp({
    removeMember: refused('removeMember: no member m-bob (they may have left)'),
    setConferenceLocked: refused('setConferenceLocked: only the host can lock the conference'),
  });
  await commands.removeMember(ROOM, 'm-bob');
  await commands.setLocked(ROOM, true);
  assert.deepEqual(
    actions.filter((action) => action.type === 'conferenceOperationFinished').map((action) => action.type === 'conferenceOperationFinished' && action.error),
    ['Could not remove the member: No member m-bob (they may have left).', 'Could not change the lock: Only the host can lock the conference.'],
  );
});

test('one request per member and control at a time: a double click mutes once', async () => {
  const { fake, commands } = setUp({ setMemberMuted: ok(conferenceView()) });
  await Promise.all([commands.setMemberMuted(ROOM, 'm-bob', true), commands.setMemberMuted(ROOM, 'm-bob', true), commands.setMemberMuted(ROOM, 'm-carol', true)]);
  assert.deepEqual(
    fake.calls.map((call) => call.args),
    [
      { uri: ROOM, memberId: 'm-bob', muted: true },
      { uri: ROOM, memberId: 'm-carol', muted: true },
    ],
  );
});

test('leaving marks the conference as left by the user once the core agreed', async () => {
  const { actions, commands } = setUp({ leaveConference: ok({ uri: ROOM }) });
  await commands.leave(ROOM);
  assert.deepEqual(actions, [
    { type: 'conferenceOperationStarted', uri: ROOM, operation: { kind: 'leave' } },
    { type: 'conferenceLeft', uri: ROOM },
    { type: 'conferenceOperationFinished', uri: ROOM, operation: { kind: 'leave' }, error: null },
  ]);
});
