import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as BusyButtonModule from '../../src/renderer/components/busy-button.js';
import { button, findAll, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { BusyButton } = await importRenderer<typeof BusyButtonModule>('../../src/renderer/components/busy-button.js');

const render = (busy: boolean, icon?: 'phone') => renderMarkup(BusyButton, { type: 'submit', className: 'button', busy, label: 'Call', busyLabel: 'Calling…', ...(icon ? { icon } : {}) });

test('at rest the button says what it does, with its icon, and can be pressed', () => {
  const html = render(false, 'phone');
  const call = button(html, 'Call');
  assert.equal(isPressable(call), true);
  assert.equal(call.attributes['aria-busy'], 'false');
  assert.equal(call.attributes['type'], 'submit');
  assert.equal(findAll(call.inner, (tag) => tag === 'svg').length, 1, 'the icon');
  assert.equal(findAll(call.inner, (_, attributes) => attributes['class'] === 'spinner').length, 0);
});

test('while busy it says so, shows a spinner instead of the icon, and keeps the focus (aria-disabled, not disabled)', () => {
  const html = render(true, 'phone');
  const calling = button(html, 'Calling…');
  assert.equal(calling.attributes['aria-busy'], 'true');
  assert.equal(calling.attributes['aria-disabled'], 'true');
  assert.equal('disabled' in calling.attributes, false);
  assert.equal(findAll(calling.inner, (tag) => tag === 'svg').length, 0);
  assert.equal(findAll(calling.inner, (_, attributes) => attributes['class'] === 'spinner').length, 1);
});

test('without an icon, only the spinner appears, and only while busy', () => {
  assert.equal(findAll(render(false), (tag) => tag === 'svg' || tag === 'span').length, 0);
  assert.equal(findAll(render(true), (_, attributes) => attributes['class'] === 'spinner').length, 1);
});
