import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Ringtone } from '../../src/shared/api-contract.js';
import type * as RingtoneSelectModule from '../../src/renderer/components/ringtone-select.js';
import { button, byTestId, findAll, importRenderer, isPressable, renderMarkup } from './render-markup.js';

const { RingtoneSelect } = await importRenderer<typeof RingtoneSelectModule>('../../src/renderer/components/ringtone-select.js');

const render = (ringtone: Ringtone | null) =>
  renderMarkup(RingtoneSelect, { ringtone, setRingtone: async () => null, preview: async () => {}, stopPreview: () => {} });

test('the ringtone is a labelled select showing the setting, with a Preview', () => {
  const html = render('soft');
  const select = byTestId(html, 'ringtone-select');
  const [label] = findAll(html, (tag) => tag === 'label');
  assert.equal(label?.text, 'Ringtone');
  assert.equal(label?.attributes['for'], select.attributes['id']);
  const options = findAll(select.inner, (tag) => tag === 'option');
  assert.deepEqual(
    options.map((option) => [option.attributes['value'], option.text, 'selected' in option.attributes]),
    [
      ['classic', 'Classic ring', false],
      ['soft', 'Soft chime', true],
      ['off', 'Off (silent)', false],
    ],
  );
  assert.equal(select.attributes['aria-describedby'], byTestId(html, 'ringtone-message').attributes['id']);
  assert.equal(byTestId(html, 'ringtone-message').text, 'Plays in this window while a call rings.');
  const preview = button(html, 'Preview');
  assert.equal(isPressable(preview), true);
  assert.equal(preview.attributes['aria-pressed'], 'false');
});

test('"off" has nothing to preview', () => {
  assert.equal(isPressable(button(render('off'), 'Preview')), false);
});

test('until the setting is known, the select waits and says so', () => {
  const html = render(null);
  assert.equal('disabled' in byTestId(html, 'ringtone-select').attributes, true);
  assert.equal(byTestId(html, 'ringtone-message').text, 'Loading…');
  assert.equal(isPressable(button(html, 'Preview')), false);
});
