import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialAppState, reduceAppState } from '../../src/renderer/state/app-state.js';
import {
  initialConferencesState,
  isConferenceOver,
  operationKey,
  reduceConferencesState,
  type ConferencesAction,
  type ConferencesState,
} from '../../src/renderer/state/conferences-state.js';
import { conferenceView, hostSelf, member, OTHER_ROOM, ROOM } from './conference-fixtures.js';

function run(actions: ConferencesAction[], state: ConferencesState = initialConferencesState()): ConferencesState {
  return actions.reduce(reduceConferencesState, state);
}

const carol = member({ memberId: 'm-carol', uri: 'sip:carol@192.0.2.7', displayName: 'Carol', joinedAt: 3_000 });
const unavailable = { code: 'UNAVAILABLE', message: 'Not implemented yet.' } as const;

test('the listing from the core is what the section shows, in its order', () => {
  const state = run([{ type: 'conferencesListed', conferences: [conferenceView(), conferenceView({ uri: OTHER_ROOM, role: 'member', callId: 'call-7' })] }]);
  assert.deepEqual(state.list, { phase: 'ready', refreshError: null });
  assert.deepEqual(
    state.conferences.map((entry) => entry.view.uri),
    [ROOM, OTHER_ROOM],
  );
});

test('a listing that fails is told; a failed refresh keeps the conferences shown', () => {
  assert.deepEqual(run([{ type: 'conferencesFailed', error: unavailable }]).list, { phase: 'failed', error: unavailable });
  const refreshed = run([
    { type: 'conferencesListed', conferences: [conferenceView()] },
    { type: 'conferencesFailed', error: unavailable },
  ]);
  assert.deepEqual(refreshed.list, { phase: 'ready', refreshError: unavailable });
  assert.equal(refreshed.conferences.length, 1);
});

test('conferenceUpdated replaces the whole view, or adds a conference first seen', () => {
  const state = run([
    { type: 'conferenceUpdated', conference: conferenceView({ members: [hostSelf] }) },
    { type: 'conferenceUpdated', conference: conferenceView({ members: [hostSelf, member(), carol], locked: true }) },
    { type: 'conferenceUpdated', conference: conferenceView({ uri: OTHER_ROOM, role: 'member' }) },
  ]);
  assert.equal(state.conferences.length, 2);
  assert.deepEqual(
    state.conferences[0]?.view.members.map((entry) => entry.memberId),
    ['m-me', 'm-bob', 'm-carol'],
  );
  assert.equal(state.conferences[0]?.view.locked, true);
});

test('a URI spelt in other case or with parameters is the same conference', () => {
  const state = run([
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceUpdated', conference: conferenceView({ uri: `<${ROOM.toUpperCase().replace('SIP:', 'sip:')};transport=tcp>`, subject: 'Renamed' }) },
  ]);
  assert.equal(state.conferences.length, 1);
  assert.equal(state.conferences[0]?.view.subject, 'Renamed');
});

test('who speaks changes only the speaking flags; the roster stays the last full view’s', () => {
  const state = run([
    { type: 'conferenceUpdated', conference: conferenceView({ members: [hostSelf, member(), carol] }) },
    { type: 'conferenceSpeakersChanged', speakers: { uri: ROOM, speaking: ['m-bob', 'm-nobody-knows'] } },
  ]);
  const members = state.conferences[0]?.view.members ?? [];
  assert.deepEqual(
    members.map((entry) => [entry.memberId, entry.speaking]),
    [
      ['m-me', false],
      ['m-bob', true],
      ['m-carol', false],
    ],
  );
  assert.deepEqual(members[1], { ...member(), speaking: true }, 'name, mute and join time are untouched');
  const quiet = reduceConferencesState(state, { type: 'conferenceSpeakersChanged', speakers: { uri: ROOM, speaking: [] } });
  assert.equal(quiet.conferences[0]?.view.members.some((entry) => entry.speaking), false);
});

test('the same speakers again, or speakers of an unknown conference, leave the state as it is', () => {
  const state = run([
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceSpeakersChanged', speakers: { uri: ROOM, speaking: ['m-bob'] } },
  ]);
  assert.equal(reduceConferencesState(state, { type: 'conferenceSpeakersChanged', speakers: { uri: ROOM, speaking: ['m-bob'] } }), state);
  assert.equal(reduceConferencesState(state, { type: 'conferenceSpeakersChanged', speakers: { uri: OTHER_ROOM, speaking: ['m-bob'] } }), state);
});

test('conferenceEnded marks it over with the reason, keeping its place and its last roster', () => {
  const state = run([
    { type: 'conferenceUpdated', conference: conferenceView({ role: 'member', callId: 'call-7' }) },
    { type: 'conferenceUpdated', conference: conferenceView({ uri: OTHER_ROOM }) },
    { type: 'conferenceEnded', ended: { uri: ROOM, reason: 'the host ended it' } },
  ]);
  const [entry] = state.conferences;
  assert.ok(entry !== undefined && isConferenceOver(entry));
  assert.deepEqual(entry.ended, { reason: 'the host ended it', byYou: false });
  assert.equal(entry.view.members.length, 2);
  assert.deepEqual(
    state.conferences.map((shown) => shown.view.uri),
    [ROOM, OTHER_ROOM],
  );
  assert.equal(reduceConferencesState(state, { type: 'conferenceEnded', ended: { uri: 'sip:x@conference.parley.invalid', reason: 'x' } }), state);
});

test('an end the user asked for is told as theirs, whichever of the answer and the event came first', () => {
  const leftFirst = run([
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceLeft', uri: ROOM },
    { type: 'conferenceEnded', ended: { uri: ROOM, reason: 'host left' } },
  ]);
  assert.deepEqual(leftFirst.conferences[0]?.ended, { reason: '', byYou: true });
  const endedFirst = run([
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceEnded', ended: { uri: ROOM, reason: 'host left' } },
    { type: 'conferenceLeft', uri: ROOM },
  ]);
  assert.deepEqual(endedFirst.conferences[0]?.ended, { reason: 'host left', byYou: true });
});

test('an answer that crossed the end does not bring the conference back; the core’s next event (a re-join) does', () => {
  const ended = run([
    { type: 'conferenceUpdated', conference: conferenceView({ role: 'member' }) },
    { type: 'conferenceEnded', ended: { uri: ROOM, reason: 'removed by the host' } },
  ]);
  const late = reduceConferencesState(ended, { type: 'conferenceViewReturned', conference: conferenceView({ role: 'member', locked: true }) });
  assert.equal(late, ended);
  const listed = reduceConferencesState(ended, { type: 'conferencesListed', conferences: [conferenceView({ role: 'member' })] });
  assert.deepEqual(listed.conferences[0]?.ended, { reason: 'removed by the host', byYou: false }, 'a listing made before the end keeps the note');
  const rejoined = reduceConferencesState(ended, { type: 'conferenceUpdated', conference: conferenceView({ role: 'member', state: 'joining', members: [] }) });
  assert.equal(rejoined.conferences[0]?.ended, null);
  assert.equal(rejoined.conferences[0]?.view.state, 'joining');
  const joinedAgain = reduceConferencesState(ended, { type: 'conferenceStarted', conference: conferenceView({ role: 'member', state: 'joining' }) });
  assert.equal(joinedAgain.conferences[0]?.ended, null, 'Join pressed again answers with the new stay');
});

test('an answer about a conference the UI does not show is not added', () => {
  const state = run([{ type: 'conferenceViewReturned', conference: conferenceView() }]);
  assert.deepEqual(state.conferences, []);
});

test('a new listing drops live conferences the core forgot, and adds the ones it has', () => {
  const state = run([
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceUpdated', conference: conferenceView({ uri: OTHER_ROOM }) },
    { type: 'conferenceEnded', ended: { uri: OTHER_ROOM, reason: 'bye' } },
    { type: 'conferencesListed', conferences: [conferenceView({ uri: 'sip:new@conference.parley.invalid' })] },
  ]);
  assert.deepEqual(
    state.conferences.map((entry) => entry.view.uri),
    [OTHER_ROOM, 'sip:new@conference.parley.invalid'],
    'the ended one keeps its note; the live one the core no longer has is gone',
  );
});

test('a request shows its progress on the conference, and its failure as a sentence until the next one', () => {
  const mute = { kind: 'mute', memberId: 'm-bob' } as const;
  const started = run([
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceOperationStarted', uri: ROOM, operation: mute },
    { type: 'conferenceOperationStarted', uri: ROOM, operation: { kind: 'lock' } },
  ]);
  assert.deepEqual(started.conferences[0]?.pending, ['mute|m-bob', 'lock']);
  const failed = run(
    [
      { type: 'conferenceOperationFinished', uri: ROOM, operation: mute, error: 'Could not change the member’s mute: Not the host.' },
      { type: 'conferenceOperationFinished', uri: ROOM, operation: { kind: 'lock' }, error: null },
    ],
    started,
  );
  assert.deepEqual(failed.conferences[0]?.pending, []);
  assert.equal(failed.conferences[0]?.error, 'Could not change the member’s mute: Not the host.');
  const again = reduceConferencesState(failed, { type: 'conferenceOperationStarted', uri: ROOM, operation: mute });
  assert.equal(again.conferences[0]?.error, null);
});

test('operations are told apart per member', () => {
  assert.equal(operationKey({ kind: 'leave' }), 'leave');
  assert.notEqual(operationKey({ kind: 'remove', memberId: 'a' }), operationKey({ kind: 'remove', memberId: 'b' }));
  assert.notEqual(operationKey({ kind: 'remove', memberId: 'a' }), operationKey({ kind: 'mute', memberId: 'a' }));
});

test('the note on an ended conference can be dismissed; a live one cannot be dismissed by mistake', () => {
  const state = run([
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceUpdated', conference: conferenceView({ uri: OTHER_ROOM }) },
    { type: 'conferenceEnded', ended: { uri: ROOM, reason: 'bye' } },
  ]);
  assert.equal(reduceConferencesState(state, { type: 'endedConferenceDismissed', uri: OTHER_ROOM }), state);
  const dismissed = reduceConferencesState(state, { type: 'endedConferenceDismissed', uri: ROOM });
  assert.deepEqual(
    dismissed.conferences.map((entry) => entry.view.uri),
    [OTHER_ROOM],
  );
});

test('the app state routes conference actions to the conferences and leaves the rest alone', () => {
  const before = initialAppState('connected');
  const after = reduceAppState(before, { type: 'conferenceUpdated', conference: conferenceView() });
  assert.equal(after.conferences.conferences.length, 1);
  assert.equal(after.calls, before.calls);
  assert.deepEqual(before.conferences, initialConferencesState());
});
