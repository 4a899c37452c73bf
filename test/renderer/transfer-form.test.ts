import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contact } from '../../src/shared/api-contract.js';
import type * as TransferFormModule from '../../src/renderer/components/transfer-form.js';
import type { TransferState } from '../../src/renderer/state/calls-state.js';
import { BOB, CAROL } from './call-fixtures.js';
import { button, byTestId, findAll, hasTestId, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { TransferForm } = await importRenderer<typeof TransferFormModule>('../../src/renderer/components/transfer-form.js');

const buddies: Contact[] = [
  { uri: BOB, displayName: 'Bob', addedAt: '2024-01-01T00:00:00.000Z' },
  { uri: CAROL, displayName: 'Carol', addedAt: '2024-01-01T00:00:00.000Z' },
  { uri: 'sip:dave@example.org', displayName: '', addedAt: '2024-01-01T00:00:00.000Z' },
];

const render = (transfer: TransferState | null, contacts: readonly Contact[] | null = buddies) =>
  renderMarkup(TransferForm, { id: 'transfer-1', remoteUri: BOB, contacts, transfer, onTransfer: () => {}, onClose: () => {} });

test('the target is a typed address or a buddy from the list, never the party being transferred', () => {
  const html = render(null);
  assert.equal(byTestId(html, 'transfer-form').attributes['aria-label'], 'Transfer the call');
  const options = findAll(byTestId(html, 'transfer-buddy').inner, (tag) => tag === 'option').map((option) => option.text);
  assert.deepEqual(options, ['Pick a buddy…', `Carol — ${CAROL}`, 'sip:dave@example.org']);
  const labels = findAll(html, (tag) => tag === 'label').map((label) => [label.text, label.attributes['for']]);
  assert.deepEqual(
    labels.map(([text]) => text),
    ['Buddy', 'Transfer to'],
  );
  assert.equal(labels[1]?.[1], byTestId(html, 'transfer-uri').attributes['id'], 'the address field is labelled');
  assert.equal(isPressable(button(html, 'Transfer call')), true);
  assert.equal(isPressable(button(html, 'Cancel')), true);
});

test('without buddies there is only the address field', () => {
  assert.equal(hasTestId(render(null, null), 'transfer-buddy'), false);
  assert.equal(hasTestId(render(null, [buddies[0] as Contact]), 'transfer-buddy'), false, 'the only buddy is the party being transferred');
});

test('while the core asks the other party, the form says so and waits', () => {
  const html = render({ phase: 'asking', target: CAROL });
  const submit = button(html, 'Transferring…');
  assert.equal(submit.attributes['aria-busy'], 'true');
  assert.equal(isPressable(submit), false);
  assert.equal(byTestId(html, 'transfer-message').text, `Asking the other party to call ${CAROL}…`);
});

test('a refused transfer is told on the form, and the call goes on', () => {
  const html = render({ phase: 'failed', target: CAROL, error: 'Could not transfer: The peer answered 403 Forbidden.' });
  const message = byTestId(html, 'transfer-message');
  assert.equal(message.text, 'Could not transfer: The peer answered 403 Forbidden.');
  assert.equal(message.attributes['class'], 'field-error');
  assert.equal(message.attributes['role'], 'status');
  assert.equal(byTestId(html, 'transfer-uri').attributes['aria-invalid'], 'true');
  assert.equal(isPressable(button(html, 'Transfer call')), true, 'it can be tried again');
});
