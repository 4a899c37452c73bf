import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as HistorySectionModule from '../../src/renderer/components/history-section.js';
import type { CallHistory, Contact } from '../../src/shared/api-contract.js';
import type { DialState, Loaded } from '../../src/renderer/state/app-state.js';
import { BOB, CAROL } from './call-fixtures.js';
import { contact, history, historyEntry } from './history-fixtures.js';
import { button, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { HistorySection } = await importRenderer<typeof HistorySectionModule>('../../src/renderer/components/history-section.js');

const idleDial: DialState = { uri: '', linkUri: null, requestCount: 0, placing: false, placeError: null };
const commands = { markHistorySeen: async () => {}, clearHistory: async () => null };
const ready = (value: CallHistory): Loaded<CallHistory> => ({ phase: 'ready', value, refreshError: null });
const render = (loaded: Loaded<CallHistory>, contacts: Contact[] = [], dial: Partial<DialState> = {}) =>
  renderMarkup(HistorySection, { history: loaded, contacts, dial: { ...idleDial, ...dial }, commands, onCall: () => {}, onRetry: () => {} });

test('with no calls the history says so and offers nothing to clear', () => {
  const html = render(ready(history()));
  assert.equal(byTestId(html, 'history-empty').text, 'No calls yet. Calls you make and receive show here.');
  assert.equal(hasTestId(html, 'history-missed-badge'), false);
  assert.equal(findAll(html, (tag) => tag === 'button').length, 0);
});

test('each call shows with whom, how it ended and a call-back button; a buddy by name', () => {
  const now = Date.now();
  const html = render(
    ready(
      history([
        historyEntry({ id: 'a', direction: 'incoming', remoteUri: CAROL, outcome: 'missed', durationMs: 0, startedAt: now - 120_000 }),
        historyEntry({ id: 'b', outcome: 'answered', durationMs: 192_000, startedAt: now - 3 * 3_600_000 }),
      ]),
    ),
    [contact(BOB, 'Bob')],
  );
  const rows = findAll(html, (_, attributes) => attributes['data-testid'] === 'history-entry');
  assert.deepEqual(rows.map((row) => byTestId(row.inner, 'history-party').text), [CAROL, 'Bob']);
  assert.deepEqual(rows.map((row) => byTestId(row.inner, 'history-outcome').text), ['Missed', 'Answered 3:12']);
  assert.deepEqual(rows.map((row) => row.attributes['data-direction']), ['incoming', 'outgoing']);
  assert.match(rows[0]?.text ?? '', /Incoming call from .* 2 minutes ago/);
  assert.match(rows[1]?.text ?? '', /Answered, 3 minutes 12 seconds/);
  assert.equal(isPressable(button(html, `Call back ${CAROL}`)), true);
  assert.equal(isPressable(button(html, 'Call back Bob')), true);
  assert.equal(isPressable(button(html, 'Clear history')), true);
});

test('unseen missed calls are counted in the title, for eyes and ears', () => {
  const html = render(ready(history([historyEntry({ direction: 'incoming', outcome: 'missed' })], 2)));
  assert.equal(byTestId(html, 'history-missed-badge').text, '2 missed, 2 missed calls');
});

test('while a call is being placed, call-back waits', () => {
  const html = render(ready(history([historyEntry()])), [contact(BOB, 'Bob')], { placing: true, uri: CAROL });
  assert.equal(isPressable(button(html, 'Call back Bob')), false);
});

test('the history shows its loading and its failure in words', () => {
  assert.match(render({ phase: 'loading' }), /Loading the history…/);
  const failed = render({ phase: 'failed', error: { code: 'UNKNOWN_COMMAND', message: 'No such command.' } });
  assert.match(failed, /Could not load the history: No such command\./);
  assert.equal(isPressable(button(failed, 'Try again')), true);
});
