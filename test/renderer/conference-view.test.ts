import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkConferenceUri,
  checkJoinAddress,
  conferenceEndSentence,
  conferenceKey,
  conferenceStateLabel,
  conferenceTitle,
  dialledConferenceCalls,
  isConferenceUri,
  memberCountText,
  memberLabel,
  orderedMembers,
  rosterChanges,
  speakersSentence,
} from '../../src/renderer/view/conference-view.js';
import { BOB, callView } from './call-fixtures.js';
import { conferenceView, DAVE, hostSelf, ME, member, OTHER_ROOM, ROOM } from './conference-fixtures.js';
import { contact } from './history-fixtures.js';

const carol = member({ memberId: 'm-carol', uri: 'sip:carol@192.0.2.7', displayName: 'Carol', joinedAt: 3_000 });
const dave = member({ memberId: 'm-dave', uri: DAVE, displayName: null, joinedAt: 2_500 });

test('a conference URI is one in @conference.parley.invalid; a person’s address is not', () => {
  assert.equal(isConferenceUri(ROOM), true);
  assert.equal(isConferenceUri(`<${ROOM}>`), false, 'the contract takes the bare URI');
  assert.equal(isConferenceUri(`${ROOM};transport=tcp`), true);
  assert.equal(isConferenceUri(ME), false);
  assert.equal(isConferenceUri('sip:room@conference.parley.invalid.example.org'), false);
});

const checks: Array<[string, ReturnType<typeof checkConferenceUri>]> = [
  ['   ', { state: 'empty' }],
  [` ${ROOM}\n`, { state: 'valid', uri: ROOM }],
  ['my conference', { state: 'invalid', message: 'A SIP URI starts with sip: or sips: and has no spaces.' }],
  [ME, { state: 'invalid', message: 'That is a person’s address, not a conference’s: call it from the dialer, or ask them for the conference address.' }],
  ['sip:bob@example.org', { state: 'invalid', message: 'A conference address ends in @conference.parley.invalid, like sip:…@conference.parley.invalid.' }],
];

for (const [text, expected] of checks) {
  test(`the Join field with ${JSON.stringify(text)} is ${expected.state}`, () => {
    assert.deepEqual(checkConferenceUri(text), expected);
  });
}

test('Join does not send a conference the user is in already, however it is spelt', () => {
  assert.deepEqual(checkJoinAddress(ROOM.toUpperCase().replace('SIP:', 'sip:'), [ROOM]), { ok: false, message: 'You are in this conference already: its card is below.' });
  assert.deepEqual(checkJoinAddress(ROOM, [OTHER_ROOM]), { ok: true, uri: ROOM });
  assert.equal(conferenceKey(`<${ROOM};transport=tcp>`), ROOM);
});

test('members are named by the buddy list first, then by the name they gave, then by their address', () => {
  const buddies = [contact(BOB, 'Bobby')];
  assert.deepEqual(memberLabel(member(), buddies), { text: 'Bobby', source: 'buddy' });
  assert.deepEqual(memberLabel(member(), []), { text: 'Bob', source: 'claimed' });
  assert.deepEqual(memberLabel(dave, []), { text: DAVE, source: 'address' });
  assert.deepEqual(memberLabel(member({ displayName: 'evil\u0007name' }), []), { text: BOB, source: 'address' }, 'a name with control characters is not shown');
  assert.deepEqual(memberLabel(hostSelf, [contact(ME, 'Someone else')]), { text: 'Me', source: 'self' }, 'the user’s own row has their own name');
});

test('a conference is titled by its subject, else by whose it is', () => {
  assert.equal(conferenceTitle(conferenceView(), []), 'Weekly sync');
  assert.equal(conferenceTitle(conferenceView({ subject: '  ' }), []), 'Your conference');
  const joined = conferenceView({ subject: '', role: 'member', members: [member({ role: 'host' }), { ...hostSelf, role: 'member' }] });
  assert.equal(conferenceTitle(joined, []), 'Bob’s conference');
  assert.equal(conferenceTitle({ ...joined, members: [] }, []), 'Conference');
});

test('the state and the count read as words', () => {
  assert.equal(conferenceStateLabel({ state: 'joining', role: 'member' }), 'Joining…');
  assert.equal(conferenceStateLabel({ state: 'active', role: 'host' }), 'You are hosting');
  assert.equal(conferenceStateLabel({ state: 'active', role: 'member' }), 'In conference');
  assert.equal(memberCountText(1), '1 member');
  assert.equal(memberCountText(3), '3 members');
});

test('the roster keeps a steady order: the host first, then by when they joined', () => {
  const order = orderedMembers([carol, member(), dave, hostSelf]).map((entry) => entry.memberId);
  assert.deepEqual(order, ['m-me', 'm-bob', 'm-dave', 'm-carol']);
});

test('who speaks is a short sentence, and silence is no sentence at all', () => {
  assert.equal(speakersSentence([member(), carol], []), '');
  assert.equal(speakersSentence([member({ speaking: true }), carol], []), 'Bob is speaking.');
  assert.equal(speakersSentence([{ ...hostSelf, speaking: true }], []), 'You are speaking.');
  assert.equal(speakersSentence([{ ...carol, speaking: true }, member({ speaking: true }), { ...hostSelf, speaking: true }], []), 'You, Bob and Carol are speaking.');
  const many = ['a', 'b', 'c', 'd', 'e'].map((id, index) => member({ memberId: id, displayName: id.toUpperCase(), joinedAt: index, speaking: true }));
  assert.equal(speakersSentence(many, []), 'A, B, C and 2 more are speaking.');
});

test('roster changes are told as sentences: joins, departures, mutes and the lock, never who speaks', () => {
  const before = conferenceView({ members: [hostSelf, member(), dave] });
  const after = conferenceView({ members: [hostSelf, member({ muted: true, speaking: true }), carol], locked: true });
  assert.deepEqual(rosterChanges(before, after, []), [
    'Bob is muted.',
    'Carol joined.',
    `${DAVE} left.`,
    'The conference is locked: nobody new can join.',
  ]);
  assert.deepEqual(rosterChanges(after, { ...after, members: after.members.map((entry) => ({ ...entry, speaking: !entry.speaking })) }, []), []);
});

test('the user’s own arrival reads as being in, not as joining', () => {
  const joining = conferenceView({ role: 'member', state: 'joining', members: [] });
  const active = conferenceView({ role: 'member', state: 'active', members: [member({ role: 'host' }), member({ ...hostSelf, role: 'member', muted: true })] });
  assert.deepEqual(rosterChanges(joining, active, []), ['You are in the conference.', 'Bob joined.']);
  const unmuted = { ...active, members: [member({ role: 'host' }), member({ ...hostSelf, role: 'member', muted: false })] };
  assert.deepEqual(rosterChanges(active, unmuted, []), ['You are no longer muted.']);
});

test('an end is told with the core’s reason, or plainly without one', () => {
  assert.equal(conferenceEndSentence('the host ended it'), 'The conference ended: the host ended it.');
  assert.equal(conferenceEndSentence('Removed by the host.'), 'The conference ended: Removed by the host.');
  assert.equal(conferenceEndSentence(''), 'The conference ended.');
});

test('a call to a conference without a card yet shows as joining; one with a card, or to a person, does not', () => {
  const dialled = callView({ callId: 'c-room', remoteUri: ROOM });
  const known = callView({ callId: 'c-other', remoteUri: OTHER_ROOM });
  const person = callView({ callId: 'c-bob' });
  const over = callView({ callId: 'c-over', remoteUri: ROOM, state: 'ended' });
  assert.deepEqual(
    dialledConferenceCalls([dialled, known, person, over], [OTHER_ROOM]).map((call) => call.callId),
    ['c-room'],
  );
});
