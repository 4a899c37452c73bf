import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as RingingCallsModule from '../../src/renderer/components/ringing-calls.js';
import { callEntry, callView, idleCommands } from './call-fixtures.js';
import { button, byTestId, findAll, importRenderer, isPressable, renderMarkup } from './render-markup.js';

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
