import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as CallsSectionModule from '../../src/renderer/components/calls-section.js';
import { initialCallsState, type CallsState } from '../../src/renderer/state/calls-state.js';
import { BOB, callEntry, callView, establishedCall, idleCommands } from './call-fixtures.js';
import { byTestId, findAll, hasTestId, importRenderer, renderMarkup } from './render-markup.js';

const { CallsSection } = await importRenderer<typeof CallsSectionModule>('../../src/renderer/components/calls-section.js');

const render = (calls: Partial<CallsState>) =>
  renderMarkup(CallsSection, { calls: { ...initialCallsState(), ...calls }, commands: idleCommands, focusCallId: null, onDismissEnded: () => {} });

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
  const html = render({
    lastEnded: { callId: 'a', remoteUri: BOB, direction: 'outgoing', reason: 'hangup by callee', status: 200, statistics: null, durationMs: 12_000, endedAt: 0 },
  });
  const line = byTestId(html, 'last-call-ended');
  assert.equal(line.attributes['role'], 'status');
  assert.equal(line.text, `The call with ${BOB} ended after 0:12: hangup by callee.`);
  assert.match(line.inner, /aria-label="Dismiss the note on the ended call"/);
  assert.equal(byTestId(render({}), 'last-call-ended').text, '', 'the status region is there before anything ends, so it is announced');
});
