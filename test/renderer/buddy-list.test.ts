import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as BuddyListModule from '../../src/renderer/components/buddy-list.js';
import type { Contact } from '../../src/shared/api-contract.js';
import type { DialState, Loaded } from '../../src/renderer/state/app-state.js';
import { initialPresenceState, reducePresenceState, type PresenceState } from '../../src/renderer/state/presence-state.js';
import { BOB, CAROL } from './call-fixtures.js';
import { contact } from './history-fixtures.js';
import { button, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { BuddyList } = await importRenderer<typeof BuddyListModule>('../../src/renderer/components/buddy-list.js');

const idleDial: DialState = { uri: '', linkUri: null, requestCount: 0, placing: false, placeError: null };
const commands = { addContact: async () => null, removeContact: async () => null };
const render = (contacts: Loaded<readonly Contact[]>, dial: Partial<DialState> = {}, presence: PresenceState = initialPresenceState()) =>
  renderMarkup(BuddyList, { contacts, presence, dial: { ...idleDial, ...dial }, commands, onCall: () => {}, onRetry: () => {} });
/** Presence as the core listed it. */
const listed = (entries: Array<[uri: string, status: 'online' | 'away' | 'busy' | 'offline' | 'unknown']>) =>
  reducePresenceState(initialPresenceState(), { type: 'buddyPresenceListed', presence: entries.map(([uri, status]) => ({ uri, status, since: 1 })) });
const rowsOf = (html: string) => findAll(html, (_, attributes) => attributes['data-testid'] === 'buddy');
const ready = (value: readonly Contact[]): Loaded<readonly Contact[]> => ({ phase: 'ready', value, refreshError: null });

test('with no buddies the list says what will be there, and a buddy can be added', () => {
  const html = render(ready([]));
  assert.equal(byTestId(html, 'buddies-empty').text, 'No buddies yet. People you add will show here with their presence.');
  assert.equal(isPressable(button(html, 'Add buddy')), true);
  assert.equal(button(html, 'Add buddy').attributes['aria-expanded'], 'false');
  assert.equal(hasTestId(html, 'buddy-search'), false);
});

test('buddies are listed by name with their address and kind', () => {
  const html = render(ready([contact(CAROL), contact(BOB, 'Bob')]));
  const rows = rowsOf(html);
  assert.deepEqual(rows.map((row) => byTestId(row.inner, 'buddy-name').text), ['Bob', CAROL]);
  assert.deepEqual(rows.map((row) => byTestId(row.inner, 'buddy-kind').text), ['Parley', 'SIP']);
  assert.equal(byTestId(rows[0]?.inner ?? '', 'buddy-uri').text, BOB);
  assert.equal(hasTestId(rows[1]?.inner ?? '', 'buddy-uri'), false, 'an unnamed buddy shows its address once');
  assert.equal(byTestId(html, 'buddy-count').text, '2');
  assert.equal(hasTestId(html, 'buddy-search'), true);
});

test('each buddy has Call, Rename and Remove, named after the buddy', () => {
  const html = render(ready([contact(BOB, 'Bob')]));
  assert.equal(isPressable(button(html, 'Call Bob')), true);
  assert.equal(isPressable(button(html, 'Rename Bob')), true);
  assert.equal(isPressable(button(html, 'Remove Bob')), true);
});

test('while a buddy is called, their button shows the progress and the others wait', () => {
  const html = render(ready([contact(BOB, 'Bob'), contact(CAROL, 'Carol')]), { uri: BOB, placing: true });
  const calling = button(html, 'Call Bob');
  assert.equal(calling.attributes['aria-busy'], 'true');
  assert.match(calling.text, /Calling…/);
  assert.equal(isPressable(button(html, 'Call Carol')), false);
});

test('the list shows its loading and its failure in words', () => {
  assert.match(render({ phase: 'loading' }), /Loading your buddies…/);
  const failed = render({ phase: 'failed', error: { code: 'INTERNAL', message: 'Disk full.' } });
  assert.match(failed, /Could not load your buddies: Disk full\./);
  assert.equal(isPressable(button(failed, 'Try again')), true);
  assert.equal(isPressable(button(failed, 'Add buddy')), false);
});

test('each buddy shows their presence in words, unknown until the core says', () => {
  const dave = 'sip:dave@example.org';
  const eve = 'sip:eve@example.org';
  const html = render(ready([contact(BOB, 'Bob'), contact(CAROL, 'Carol'), contact(dave, 'Dave'), contact(eve, 'Eve')]), {}, listed([[BOB.toUpperCase(), 'away'], [dave, 'busy'], [eve, 'offline']]));
  const shown = rowsOf(html).map((row) => [byTestId(row.inner, 'buddy-name').text, byTestId(row.inner, 'buddy-presence').text, row.attributes['data-presence']]);
  assert.deepEqual(shown, [
    ['Bob', 'Away', 'away'],
    ['Dave', 'Do not disturb', 'busy'],
    ['Carol', 'Presence unknown', 'unknown'],
    ['Eve', 'Offline', 'offline'],
  ]);
  assert.match(byTestId(rowsOf(html)[2]?.inner ?? '', 'buddy-presence').attributes['title'] ?? '', /Plain SIP addresses do not share presence/);
});

test('buddies who can be reached are listed first', () => {
  const html = render(ready([contact(BOB, 'Bob'), contact(CAROL, 'Carol')]), {}, listed([[BOB, 'offline'], [CAROL, 'online']]));
  assert.deepEqual(rowsOf(html).map((row) => byTestId(row.inner, 'buddy-name').text), ['Carol', 'Bob']);
});

test('an offline buddy can still be called, and the button says they are offline', () => {
  const html = render(ready([contact(BOB, 'Bob'), contact(CAROL, 'Carol')]), {}, listed([[BOB, 'offline'], [CAROL, 'busy']]));
  const bob = button(html, 'Call Bob (offline)');
  assert.equal(isPressable(bob), true);
  assert.match(bob.attributes['title'] ?? '', /tries anyway/);
  assert.equal(isPressable(button(html, 'Call Carol (do not disturb)')), true);
});
