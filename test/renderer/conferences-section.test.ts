import assert from 'node:assert/strict';
import { test } from 'node:test';
import './stub-qrcode.js';
import type * as ConferencesSectionModule from '../../src/renderer/components/conferences-section.js';
import type { CallEntry } from '../../src/renderer/state/calls-state.js';
import { initialConferencesState, type ConferencesState } from '../../src/renderer/state/conferences-state.js';
import { callEntry, callView } from './call-fixtures.js';
import { conferenceEntry, conferenceView, idleConferenceCommands, OTHER_ROOM, ROOM } from './conference-fixtures.js';
import { button, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { ConferencesSection, CONFERENCES_EMPTY_TEXT } = await importRenderer<typeof ConferencesSectionModule>('../../src/renderer/components/conferences-section.js');

const render = (conferences: Partial<ConferencesState>, calls: readonly CallEntry[] = []) =>
  renderMarkup(ConferencesSection, { conferences: { ...initialConferencesState(), ...conferences }, calls, contacts: [], commands: idleConferenceCommands });
const ready = { phase: 'ready', refreshError: null } as const;
const cardsOf = (html: string) => findAll(html, (_, attributes) => attributes['data-testid'] === 'conference-card');

test('a conference can be started or joined at once, whatever the list is doing', () => {
  const html = render({});
  assert.equal(byTestId(html, 'conference-new').text, 'New conference');
  assert.equal(byTestId(html, 'conference-new').attributes['type'], 'submit');
  assert.equal(byTestId(html, 'conference-subject').attributes['maxLength'], '128');
  assert.equal(byTestId(html, 'conference-join').text, 'Join');
  const join = byTestId(html, 'conference-join-uri');
  assert.equal(join.attributes['placeholder'], 'sip:…@conference.parley.invalid');
  const labels = findAll(html, (tag) => tag === 'label').map((label) => [label.text, label.attributes['for']]);
  assert.deepEqual(labels.find(([, target]) => target === join.attributes['id'])?.[0], 'Conference address', 'the Join field is labelled');
  assert.equal(byTestId(html, 'conference-join-message').attributes['role'], 'status');
  assert.match(html, /Loading your conferences…/);
});

test('a list that could not load says why and offers to try again', () => {
  const html = render({ list: { phase: 'failed', error: { code: 'UNAVAILABLE', message: 'Not implemented yet.' } } });
  assert.match(html, /Could not load your conferences: Not implemented yet\./);
  assert.equal(isPressable(button(html, 'Try again')), true);
});

test('with none, the section says what will be there', () => {
  const html = render({ list: ready });
  assert.equal(byTestId(html, 'conferences-empty').text, CONFERENCES_EMPTY_TEXT);
  assert.equal(hasTestId(html, 'conference-count'), false);
});

test('each conference gets a card; the count is of the live ones', () => {
  const html = render({
    list: ready,
    conferences: [conferenceEntry(conferenceView()), conferenceEntry(conferenceView({ uri: OTHER_ROOM, role: 'member' }), { ended: { reason: 'bye', byYou: false } })],
  });
  assert.deepEqual(
    cardsOf(html).map((card) => [card.attributes['data-conference-uri'], card.attributes['data-state']]),
    [
      [ROOM, 'active'],
      [OTHER_ROOM, 'ended'],
    ],
  );
  assert.equal(byTestId(html, 'conference-count').text, '1');
  assert.equal(hasTestId(html, 'conferences-empty'), false);
});

test('a call to a conference dialled before its card exists shows as joining', () => {
  const dialled = callEntry(callView({ callId: 'c-room', remoteUri: ROOM, setupPhase: 'lookup' }));
  const html = render({ list: ready }, [dialled, callEntry(callView({ callId: 'c-bob' }))]);
  const placeholder = byTestId(html, 'conference-dialled');
  assert.equal(placeholder.attributes['data-call-id'], 'c-room');
  assert.match(placeholder.text, /^Joining a conference: Looking up…/);
  assert.match(placeholder.text, /sip:.*@conference\.parley\.invalid/);
  assert.equal(cardsOf(html).length, 0);

  const arrived = render({ list: ready, conferences: [conferenceEntry(conferenceView({ role: 'member', state: 'joining', callId: 'c-room' }))] }, [dialled]);
  assert.equal(hasTestId(arrived, 'conference-dialled'), false, 'the card takes over once the core told of it');
});

test('a refresh that failed while conferences are shown is told beside them', () => {
  const html = render({ list: { phase: 'ready', refreshError: { code: 'UNAVAILABLE', message: 'The core is not reachable.' } }, conferences: [conferenceEntry(conferenceView())] });
  assert.match(html, /Could not refresh your conferences: The core is not reachable\./);
});
