import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as CallsSectionModule from '../../src/renderer/components/calls-section.js';
import type { Contact } from '../../src/shared/api-contract.js';
import { initialCallsState, type CallsState, type EndedCall } from '../../src/renderer/state/calls-state.js';
import type { CallNotificationsControl } from '../../src/renderer/state/use-call-notifications.js';
import { BOB, CAROL, callEntry, callView, establishedCall, idleCommands } from './call-fixtures.js';
import { button, byTestId, findAll, hasTestId, importRenderer, renderMarkup } from './render-markup.js';

const { CallsSection } = await importRenderer<typeof CallsSectionModule>('../../src/renderer/components/calls-section.js');

const buddies: Contact[] = [
  { uri: BOB, displayName: 'Bob', addedAt: '2024-01-01T00:00:00.000Z' },
  { uri: CAROL, displayName: 'Carol', addedAt: '2024-01-01T00:00:00.000Z' },
];

const render = (calls: Partial<CallsState>, extra: { contacts?: readonly Contact[] | null; notifications?: CallNotificationsControl } = {}) =>
  renderMarkup(CallsSection, { calls: { ...initialCallsState(), ...calls }, commands: idleCommands, focusCallId: null, onDismissEnded: () => {}, ...extra });

const ended = (overrides: Partial<EndedCall>): EndedCall => ({
  callId: 'a',
  remoteUri: BOB,
  remoteDisplayName: null,
  direction: 'outgoing',
  reason: 'hangup by callee',
  status: 200,
  statistics: null,
  durationMs: 12_000,
  endedAt: 0,
  ...overrides,
});

const notifications = (access: CallNotificationsControl['access'], declinedNow = false): CallNotificationsControl => ({ access, asking: false, declinedNow, enable: () => {} });

test('with no calls the section says so', () => {
  const html = render({});
  assert.equal(byTestId(html, 'calls-empty').text, 'No calls. Calls you place or answer show here.');
  assert.equal(hasTestId(html, 'call-panel'), false);
});

test('a call that rings is answered from the ringing panel, so the section only points there', () => {
  const html = render({ calls: [callEntry(callView({ direction: 'incoming' }))] });
  assert.match(byTestId(html, 'calls-empty').text, /^A call is ringing/);
  assert.equal(hasTestId(html, 'call-panel'), false);
});

test('calls being placed and calls in progress get a panel each, oldest first; ended views are hidden', () => {
  const html = render({
    calls: [
      callEntry(establishedCall({ callId: 'a' })),
      callEntry(callView({ callId: 'b', remoteUri: 'sip:carol@192.0.2.7' })),
      callEntry(callView({ callId: 'c', state: 'ended' })),
    ],
  });
  assert.deepEqual(
    findAll(html, (_, attributes) => attributes['data-testid'] === 'call-panel').map((panel) => panel.attributes['data-call-id']),
    ['a', 'b'],
  );
  assert.equal(hasTestId(html, 'calls-empty'), false);
});

test('the last ended call is told in a status line that can be dismissed', () => {
  const html = render({ lastEnded: ended({}) });
  const line = byTestId(html, 'last-call-ended');
  assert.equal(line.attributes['role'], 'status');
  assert.equal(line.text, `The call with ${BOB} ended after 0:12: they hung up.`);
  assert.match(line.inner, /aria-label="Dismiss the note on the ended call"/);
  assert.equal(byTestId(render({}), 'last-call-ended').text, '', 'the status region is there before anything ends, so it is announced');
});

test('a call that failed is told as a sentence, marked as a failure, with the core’s words beside it', () => {
  const html = render({ lastEnded: ended({ reason: 'busy: 486 Busy Here', status: 486, durationMs: null }) }, { contacts: buddies });
  const line = byTestId(html, 'last-call-ended');
  assert.equal(byTestId(html, 'last-call-ended-sentence').text, 'Bob is busy (do not disturb).');
  assert.equal(byTestId(html, 'last-call-ended-detail').text, '(busy: 486 Busy Here)');
  assert.match(line.attributes['class'] ?? '', /is-failure/);
  assert.equal(line.attributes['data-end-kind'], 'busy');
});

test('with several calls, one is active and the others are on hold with a Resume that swaps', () => {
  const html = render(
    {
      calls: [
        callEntry(establishedCall({ callId: 'a', establishedAt: 2_000, localHold: true })),
        callEntry(establishedCall({ callId: 'b', remoteUri: CAROL, direction: 'incoming', establishedAt: 9_000 })),
      ],
    },
    { contacts: buddies },
  );
  assert.equal(byTestId(html, 'calls-summary').text, '2 calls · 1 on hold');
  const panels = findAll(html, (_, attributes) => attributes['data-testid'] === 'call-panel');
  assert.deepEqual(
    panels.map((panel) => [panel.attributes['data-call-id'], panel.attributes['data-slot']]),
    [
      ['a', 'held'],
      ['b', 'active'],
    ],
  );
  const held = panels[0]?.inner ?? '';
  assert.equal(byTestId(held, 'call-state').text, 'On hold');
  const resume = button(held, 'Resume');
  const hint = byTestId(held, 'call-swap-hint');
  assert.equal(resume.attributes['aria-describedby'], hint.attributes['id'], 'the swap is part of what Resume says');
  assert.equal(hint.text, 'Resume swaps: the call with Carol goes on hold.');
  assert.equal(hasTestId(panels[1]?.inner ?? '', 'call-swap-hint'), false);
});

test('the head offers call notifications only while the browser has not been asked', () => {
  assert.equal(button(render({}, { notifications: notifications('default') }), 'Enable call notifications').attributes['aria-busy'], 'false');
  for (const access of ['granted', 'denied', 'unsupported'] as const) {
    assert.equal(hasTestId(render({}, { notifications: notifications(access) }), 'enable-notifications'), false, access);
  }
  const declined = byTestId(render({}, { notifications: notifications('denied', true) }), 'notifications-declined');
  assert.equal(declined.attributes['role'], 'status');
});
