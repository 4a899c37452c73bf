import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as OwnStatusSelectModule from '../../src/renderer/components/own-status-select.js';
import type { PresenceStatus } from '../../src/shared/api-contract.js';
import { byTestId, findAll, importRenderer, renderMarkup } from './render-markup.js';

const { OwnStatusSelect } = await importRenderer<typeof OwnStatusSelectModule>('../../src/renderer/components/own-status-select.js');

const render = (status: PresenceStatus | null) => renderMarkup(OwnStatusSelect, { status, onChange: async () => true });

test('the own status is a labelled choice of Online, Away and Do not disturb', () => {
  const html = render('online');
  const select = byTestId(html, 'own-status-select');
  const label = findAll(html, (tag, attributes) => tag === 'label' && attributes['for'] === select.attributes['id']);
  assert.equal(label[0]?.text, 'Your status');
  assert.deepEqual(
    findAll(select.inner, (tag) => tag === 'option').map((option) => [option.attributes['value'], option.text]),
    [
      ['online', 'Online'],
      ['away', 'Away'],
      ['busy', 'Do not disturb'],
    ],
  );
  assert.equal('disabled' in select.attributes, false);
  assert.equal(select.attributes['aria-busy'], 'false');
});

test('do not disturb is marked on the control and explained', () => {
  const html = render('busy');
  const status = byTestId(html, 'own-status');
  assert.equal(status.attributes['data-status'], 'busy');
  assert.match(status.attributes['class'] ?? '', /\bpresence-busy\b/);
  assert.match(status.attributes['title'] ?? '', /calls are turned away as busy/);
  const selected = findAll(html, (tag, attributes) => tag === 'option' && 'selected' in attributes);
  assert.deepEqual(selected.map((option) => option.text), ['Do not disturb']);
});

test('until the core says, the choice waits', () => {
  const select = byTestId(render(null), 'own-status-select');
  assert.equal('disabled' in select.attributes, true);
  assert.match(select.inner, /Status…/);
});
