import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as BuddyAddFormModule from '../../src/renderer/components/buddy-add-form.js';
import { button, byTestId, findAll, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { BuddyAddForm } = await importRenderer<typeof BuddyAddFormModule>('../../src/renderer/components/buddy-add-form.js');

const html = renderMarkup(BuddyAddForm, { contacts: [], onSave: async () => null, onClose: () => {} });

function labelOf(id: string | undefined): string | undefined {
  return findAll(html, (tag, attributes) => tag === 'label' && attributes['for'] === id)[0]?.text;
}

test('the address field takes a SIP address or an invite link, and says so', () => {
  const uri = byTestId(html, 'buddy-add-uri');
  assert.equal(labelOf(uri.attributes['id']), 'SIP address or invite link');
  assert.equal(byTestId(html, 'buddy-add-uri-message').text, 'A Parley address (sip:…@parley.invalid), any SIP URI, or an invite link.');
  assert.equal(uri.attributes['aria-describedby'], byTestId(html, 'buddy-add-uri-message').attributes['id']);
});

test('a QR code is read from a picture: a keyboard button opens the file chooser for images only', () => {
  const read = button(html, 'Read a QR code from a picture…');
  assert.equal(isPressable(read), true);
  assert.equal(read.attributes['aria-describedby'], byTestId(html, 'buddy-add-qr-message').attributes['id']);
  assert.match(byTestId(html, 'buddy-add-qr-message').text, /paste or drop a screenshot/);
  const file = byTestId(html, 'buddy-add-qr-file');
  assert.equal(file.attributes['type'], 'file');
  assert.equal(file.attributes['accept'], 'image/*');
  assert.equal('hidden' in file.attributes, true, 'the chooser is reached through the button, not a second tab stop');
});

test('saving and cancelling are there, and news is announced politely', () => {
  assert.equal(isPressable(button(html, 'Save buddy')), true);
  assert.equal(isPressable(button(html, 'Cancel')), true);
  assert.equal(byTestId(html, 'buddy-add-status').attributes['role'], 'status');
});
