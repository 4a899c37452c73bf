import assert from 'node:assert/strict';
import { test } from 'node:test';
import './stub-qrcode.js';
import type * as ConferenceCardModule from '../../src/renderer/components/conference-card.js';
import type { Contact } from '../../src/shared/api-contract.js';
import type { ConferenceEntry } from '../../src/renderer/state/conferences-state.js';
import { BOB } from './call-fixtures.js';
import { conferenceEntry, conferenceView, DAVE, hostSelf, idleConferenceCommands, member, ROOM } from './conference-fixtures.js';
import { contact } from './history-fixtures.js';
import { button, buttons, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup, type FoundElement } from './render-markup.js';

const { ConferenceCard } = await importRenderer<typeof ConferenceCardModule>('../../src/renderer/components/conference-card.js');

const render = (entry: ConferenceEntry, contacts: readonly Contact[] | null = [], extra: { showQrAtFirst?: boolean } = {}) =>
  renderMarkup(ConferenceCard, { entry, contacts, commands: idleConferenceCommands, ...extra });

const rowsOf = (html: string) => findAll(html, (_, attributes) => attributes['data-testid'] === 'conference-member');
const rowOf = (html: string, memberId: string): FoundElement => {
  const row = rowsOf(html).find((found) => found.attributes['data-member-id'] === memberId);
  if (row === undefined) throw new Error(`no row for ${memberId}`);
  return row;
};

const dave = member({ memberId: 'm-dave', uri: DAVE, displayName: null, joinedAt: 2_500, muted: true });
const hosted = conferenceView({ members: [member({ speaking: true }), dave, hostSelf] });

test('a hosted conference shows its subject, state, size and address to share', () => {
  const html = render(conferenceEntry(hosted));
  const card = byTestId(html, 'conference-card');
  assert.equal(card.attributes['data-conference-uri'], ROOM);
  assert.equal(card.attributes['data-role'], 'host');
  assert.equal(card.attributes['data-state'], 'active');
  assert.equal(byTestId(html, 'conference-title').text, 'Weekly sync');
  assert.equal(byTestId(html, 'conference-state').text, 'You are hosting');
  assert.equal(byTestId(html, 'conference-member-count').text, '3 members');
  assert.equal(byTestId(html, 'conference-uri').text, ROOM);
  assert.equal(button(html, 'Copy the conference address').text, 'Copy', 'the visible word is part of its name');
  assert.equal(button(html, 'QR code').attributes['aria-expanded'], 'false');
  assert.equal(hasTestId(html, 'conference-locked'), false);
});

test('the roster lists the host first, then by arrival, with names, marks and state in words', () => {
  const html = render(conferenceEntry(hosted), [contact(BOB, 'Bobby')]);
  const rows = rowsOf(html);
  assert.deepEqual(
    rows.map((row) => row.attributes['data-member-id']),
    ['m-me', 'm-bob', 'm-dave'],
  );
  assert.deepEqual(
    rows.map((row) => byTestId(row.inner, 'conference-member-name').text),
    ['Me', 'Bobby', DAVE],
  );
  assert.match(rows[0]?.text ?? '', /Host\s*You/);
  const bob = rowOf(html, 'm-bob');
  assert.equal(bob.attributes['data-speaking'], 'true');
  assert.equal(bob.attributes['data-muted'], 'false');
  assert.match(bob.text, /, speaking/);
  const daveRow = rowOf(html, 'm-dave');
  assert.equal(daveRow.attributes['data-muted'], 'true');
  assert.match(daveRow.text, /, muted/);
});

test('the speaking indicator moves only for who speaks, and is no live region', () => {
  const html = render(conferenceEntry(hosted));
  const indicators = findAll(html, (_, attributes) => (attributes['class'] ?? '').startsWith('speaking-indicator'));
  assert.deepEqual(
    indicators.map((found) => found.attributes['class']),
    ['speaking-indicator', 'speaking-indicator is-speaking', 'speaking-indicator is-muted'],
  );
  assert.ok(indicators.every((found) => found.attributes['aria-hidden'] === 'true'));
  for (const row of rowsOf(html)) {
    assert.equal(findAll(row.inner, (_, attributes) => 'aria-live' in attributes || attributes['role'] === 'status').length, 0, 'rows do not announce themselves');
  }
  const announcement = byTestId(html, 'conference-announcement');
  assert.equal(announcement.attributes['role'], 'status');
  assert.equal(announcement.text, '', 'nothing is said before anything changed');
});

test('the host can mute, unmute and remove others, never their own row; and lock, invite and end', () => {
  const html = render(conferenceEntry(hosted));
  assert.equal(hasTestId(rowOf(html, 'm-me').inner, 'member-mute'), false);
  assert.equal(hasTestId(rowOf(html, 'm-me').inner, 'member-remove'), false);
  assert.equal(byTestId(rowOf(html, 'm-bob').inner, 'member-mute').attributes['aria-label'], 'Mute Bob');
  assert.equal(byTestId(rowOf(html, 'm-dave').inner, 'member-mute').attributes['aria-label'], `Unmute ${DAVE}`);
  assert.equal(byTestId(rowOf(html, 'm-bob').inner, 'member-remove').attributes['aria-label'], 'Remove Bob from the conference');
  assert.equal(byTestId(html, 'conference-lock').text, 'Lock');
  assert.equal(byTestId(html, 'conference-leave').text, 'End conference for everyone');
  assert.equal(byTestId(html, 'conference-leave').attributes['aria-expanded'], 'false', 'it asks first');
  assert.equal(byTestId(html, 'conference-invite').text, 'Invite a buddy');
  assert.ok(buttons(html).every(isPressable));
});

test('a member sees the roster without host controls, and simply leaves', () => {
  const joined = conferenceView({ role: 'member', callId: 'call-7', members: [member({ role: 'host' }), { ...hostSelf, role: 'member' }] });
  const html = render(conferenceEntry(joined));
  assert.equal(byTestId(html, 'conference-state').text, 'In conference');
  assert.equal(hasTestId(html, 'member-mute'), false);
  assert.equal(hasTestId(html, 'member-remove'), false);
  assert.equal(hasTestId(html, 'conference-lock'), false);
  assert.equal(byTestId(html, 'conference-leave').text, 'Leave');
  assert.equal('aria-expanded' in byTestId(html, 'conference-leave').attributes, false);
  assert.equal(isPressable(byTestId(html, 'conference-invite')), true, 'a member may ask the focus to invite someone');
});

test('a locked conference says so and offers Unlock', () => {
  const html = render(conferenceEntry(conferenceView({ locked: true })));
  assert.equal(byTestId(html, 'conference-locked').text, 'Locked');
  assert.equal(byTestId(html, 'conference-lock').text, 'Unlock');
});

test('requests on their way show on their own controls, which keep the focus', () => {
  const html = render(conferenceEntry(hosted, { pending: ['mute|m-bob', 'remove|m-dave', 'lock', 'leave'] }));
  const mute = byTestId(rowOf(html, 'm-bob').inner, 'member-mute');
  assert.equal(mute.attributes['aria-busy'], 'true');
  assert.equal(isPressable(mute), false);
  assert.equal('disabled' in mute.attributes, false, 'busy is aria-disabled, so the focus stays');
  assert.equal(byTestId(rowOf(html, 'm-dave').inner, 'member-mute').attributes['aria-busy'], 'false', 'only that member’s control waits');
  assert.equal(byTestId(rowOf(html, 'm-dave').inner, 'member-remove').attributes['aria-busy'], 'true');
  assert.equal(byTestId(html, 'conference-lock').attributes['aria-busy'], 'true');
  assert.equal(byTestId(html, 'conference-leave').text, 'Ending…');
});

test('a refused request is told as a sentence in an alert', () => {
  const html = render(conferenceEntry(hosted, { error: 'Could not remove the member: They already left.' }));
  const error = byTestId(html, 'conference-error');
  assert.equal(error.attributes['role'], 'alert');
  assert.equal(error.text, 'Could not remove the member: They already left.');
});

test('while joining, the roster waits with a spinner and the controls that need the conference wait too', () => {
  const html = render(conferenceEntry(conferenceView({ role: 'member', state: 'joining', members: [] })));
  assert.equal(byTestId(html, 'conference-state').text, 'Joining…');
  assert.match(html, /Connecting to the conference…/);
  assert.equal(isPressable(byTestId(html, 'conference-invite')), false);
  assert.equal(isPressable(byTestId(html, 'conference-leave')), true, 'a join can be given up');
});

test('an ended conference keeps a note of why, which can be dismissed, and nothing else', () => {
  const html = render(conferenceEntry(hosted, { ended: { reason: 'the host ended it', byYou: false } }));
  assert.equal(byTestId(html, 'conference-card').attributes['data-state'], 'ended');
  assert.equal(byTestId(html, 'conference-state').text, 'Ended');
  const note = byTestId(html, 'conference-ended');
  assert.equal(note.attributes['role'], 'status');
  assert.equal(note.text, 'The conference ended: the host ended it.');
  assert.equal(isPressable(button(html, 'Dismiss the note on Weekly sync')), true);
  assert.equal(hasTestId(html, 'conference-roster'), false);
  assert.equal(hasTestId(html, 'conference-leave'), false);
});

test('an end the user asked for is told as theirs', () => {
  const left = render(conferenceEntry(conferenceView({ role: 'member' }), { ended: { reason: '', byYou: true } }));
  assert.equal(byTestId(left, 'conference-ended').text, 'You left the conference.');
  const ended = render(conferenceEntry(hosted, { ended: { reason: 'bye', byYou: true } }));
  assert.equal(byTestId(ended, 'conference-ended').text, 'You ended the conference for everyone.');
});

test('a conference just created here opens its QR code, to be scanned at once', () => {
  const html = render(conferenceEntry(hosted), [], { showQrAtFirst: true });
  assert.equal(button(html, 'QR code').attributes['aria-expanded'], 'true');
  assert.match(html, /Others scan this, then paste it into Join/);
});
