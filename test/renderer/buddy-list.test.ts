import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as BuddyListModule from '../../src/renderer/components/buddy-list.js';
import type { Contact } from '../../src/shared/api-contract.js';
import type { DialState, Loaded } from '../../src/renderer/state/app-state.js';
import { BOB, CAROL } from './call-fixtures.js';
import { contact } from './history-fixtures.js';
import { button, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { BuddyList } = await importRenderer<typeof BuddyListModule>('../../src/renderer/components/buddy-list.js');

const idleDial: DialState = { uri: '', linkUri: null, requestCount: 0, placing: false, placeError: null };
const commands = { addContact: async () => null, removeContact: async () => null };
const render = (contacts: Loaded<readonly Contact[]>, dial: Partial<DialState> = {}) =>
  renderMarkup(BuddyList, { contacts, dial: { ...idleDial, ...dial }, commands, onCall: () => {}, onRetry: () => {} });
const ready = (value: readonly Contact[]): Loaded<readonly Contact[]> => ({ phase: 'ready', value, refreshError: null });

test('with no buddies the list says what will be there, and a buddy can be added', () => {
  const html = render(ready([]));
  assert.equal(byTestId(html, 'buddies-empty').text, 'No buddies yet. People you add will show here with their presence.');
  assert.equal(isPressable(button(html, 'Add buddy')), true);
  assert.equal(button(html, 'Add buddy').attributes['aria-expanded'], 'false');
  assert.equal(hasTestId(html, 'buddy-search'), false);
});

test('buddies are listed by name with their address and kind, and no presence dot', () => {
  const html = render(ready([contact(CAROL), contact(BOB, 'Bob')]));
  const rows = findAll(html, (_, attributes) => attributes['data-testid'] === 'buddy');
  assert.deepEqual(rows.map((row) => byTestId(row.inner, 'buddy-name').text), ['Bob', CAROL]);
  assert.deepEqual(rows.map((row) => byTestId(row.inner, 'buddy-kind').text), ['Parley', 'SIP']);
  assert.equal(byTestId(rows[0]?.inner ?? '', 'buddy-uri').text, BOB);
  assert.equal(hasTestId(rows[1]?.inner ?? '', 'buddy-uri'), false, 'an unnamed buddy shows its address once');
  assert.equal(html.includes('status-dot'), false);
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
