import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as RingingCallsModule from '../../src/renderer/components/ringing-calls.js';
import type { Contact } from '../../src/shared/api-contract.js';
import type { RingtoneIndicator } from '../../src/renderer/state/use-ringtone.js';
import { callEntry, callView, idleCommands } from './call-fixtures.js';
import { button, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { RingingCalls } = await importRenderer<typeof RingingCallsModule>('../../src/renderer/components/ringing-calls.js');

const ALICE = 'sip:8q7irf1q7f8i4sh4xq3c9twuztiekzb1zujdqsqw6ua7c9z8gpxy@parley.invalid';
const ringing = callView({ callId: 'in-1', direction: 'incoming', remoteUri: ALICE });
const render = (...entries: ReturnType<typeof callEntry>[]) => renderMarkup(RingingCalls, { calls: entries, commands: idleCommands, onAnswer: () => {} });

test('a ringing call shows who calls, with Answer and Decline named after the caller', () => {
  const html = render(callEntry(ringing));
  assert.equal(byTestId(html, 'ringing-remote-uri').text, ALICE);
  assert.equal(findAll(html, (tag) => tag === 'h2')[0]?.text, 'Incoming call Ringing…');
  assert.equal(findAll(html, (tag) => tag === 'p')[0]?.text, `From a Parley address ${ALICE}`);
  assert.equal(isPressable(button(html, `Answer the call from ${ALICE}`)), true);
  assert.equal(isPressable(button(html, `Decline the call from ${ALICE}`)), true);
  assert.equal(button(html, `Answer the call from ${ALICE}`).text, 'Answer', 'the visible label starts the accessible name');
});

test('the panels sit in an assertive live region, so a call that starts ringing is announced', () => {
  assert.equal(byTestId(render(), 'ringing-calls').attributes['aria-live'], 'assertive');
  assert.equal(findAll(render(), (_, attributes) => attributes['data-testid'] === 'ringing-panel').length, 0);
});

test('while answering, both buttons wait and Answer says so', () => {
  const html = render(callEntry(ringing, { pending: ['answer'] }));
  const answer = button(html, `Answer the call from ${ALICE}`);
  assert.equal(answer.text, 'Answering…');
  assert.equal(answer.attributes['aria-busy'], 'true');
  assert.equal(isPressable(answer), false);
  assert.equal(isPressable(button(html, `Decline the call from ${ALICE}`)), false);
});

test('while declining, Decline says so', () => {
  const html = render(callEntry(ringing, { pending: ['hangUp'] }));
  assert.equal(button(html, `Decline the call from ${ALICE}`).text, 'Declining…');
});

test('a failed answer is told under the buttons, and each ringing call has its own panel', () => {
  const other = callView({ callId: 'in-2', direction: 'incoming', remoteUri: 'sip:carol@192.0.2.7:5060' });
  const html = render(callEntry(ringing, { error: 'Could not answer: There is no call in-1 (it may have ended).' }), callEntry(other));
  const errors = findAll(html, (_, attributes) => attributes['data-testid'] === 'ringing-error');
  assert.deepEqual(
    errors.map((error) => [error.attributes['role'], error.text]),
    [
      ['alert', 'Could not answer: There is no call in-1 (it may have ended).'],
      ['alert', ''],
    ],
  );
  assert.match(html, /From a SIP address/);
});

type Extra = { contacts?: readonly Contact[] | null; ringtone?: RingtoneIndicator; activeCallLabel?: string | null };
const renderWith = (extra: Extra, ...entries: ReturnType<typeof callEntry>[]) =>
  renderMarkup(RingingCalls, { calls: entries, commands: idleCommands, onAnswer: () => {}, onAddBuddy: async () => null, ...extra });
const aliceBuddy: Contact = { uri: ALICE.replace('sip:8q7', 'sip:8Q7'), displayName: 'Alice', addedAt: '2024-01-01T00:00:00.000Z' };

test('a buddy who calls is named as in the buddy list and marked as a buddy', () => {
  const html = renderWith({ contacts: [aliceBuddy] }, callEntry({ ...ringing, remoteDisplayName: 'Mallory' }));
  assert.equal(byTestId(html, 'ringing-caller-name').text, 'Alice', 'the buddy list’s name, not the caller’s claim');
  assert.equal(byTestId(html, 'ringing-remote-uri').text, ALICE);
  assert.equal(byTestId(html, 'ringing-is-buddy').text, 'In your buddies');
  assert.equal(hasTestId(html, 'ringing-not-buddy'), false);
  assert.equal(isPressable(button(html, 'Answer the call from Alice')), true);
});

test('a stranger is marked "Not in your buddies", their claimed name quoted, with an action to add them', () => {
  const html = renderWith({ contacts: [] }, callEntry({ ...ringing, remoteDisplayName: 'Mallory' }));
  const name = byTestId(html, 'ringing-caller-name');
  assert.equal(name.text, '“Mallory”');
  assert.equal(name.attributes['title'], 'The name the caller gave; not checked');
  assert.equal(byTestId(html, 'ringing-not-buddy').text, 'Not in your buddies');
  const add = button(html, 'Add Mallory to your buddies');
  assert.equal(add.text, 'Add to buddies');
  assert.equal(isPressable(add), true);
});

test('while the buddies are unknown, nobody is called a stranger', () => {
  const html = renderWith({ contacts: null }, callEntry(ringing));
  assert.equal(byTestId(html, 'ringing-buddy').text, '');
  assert.equal(hasTestId(html, 'ringing-caller-name'), false, 'no name given, none made up');
});

test('the ring’s state is in the panel for tests, and a ring held back by the browser says how to hear it', () => {
  assert.equal(byTestId(renderWith({ ringtone: 'playing' }, callEntry(ringing)), 'ringing-panel').attributes['data-ringtone'], 'playing');
  assert.equal(byTestId(renderWith({ ringtone: 'off' }, callEntry(ringing)), 'ringing-panel').attributes['data-ringtone'], 'off');
  const blocked = renderWith({ ringtone: 'blocked' }, callEntry(ringing));
  assert.equal(byTestId(blocked, 'ringtone-blocked').text, 'The browser holds the ringtone back until you click or type in this page.');
  assert.equal(hasTestId(renderWith({ ringtone: 'playing' }, callEntry(ringing)), 'ringtone-blocked'), false);
});

test('during a call, the panel says answering puts that call on hold', () => {
  const html = renderWith({ activeCallLabel: 'Carol' }, callEntry(ringing));
  assert.equal(byTestId(html, 'ringing-holds-hint').text, 'Answering puts the call with Carol on hold.');
  assert.equal(hasTestId(renderWith({}, callEntry(ringing)), 'ringing-holds-hint'), false);
});
