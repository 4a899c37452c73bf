import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as CopyStatusModule from '../../src/renderer/components/copy-status.js';
import { byTestId, importRenderer, renderMarkup } from './render-markup.js';

const { CopyStatus } = await importRenderer<typeof CopyStatusModule>('../../src/renderer/components/copy-status.js');

const HINT = 'The browser refused the clipboard. The address is selected: press Ctrl+C (⌘C on a Mac).';
const render = (outcome: 'copied' | 'refused' | null) => byTestId(renderMarkup(CopyStatus, { outcome, refusedHint: HINT, className: 'extra', 'data-testid': 'status' }), 'status');

test('the status line is always there, empty until something was copied', () => {
  const line = render(null);
  assert.equal(line.text, '');
  assert.equal(line.attributes['role'], 'status');
  assert.equal(line.attributes['class'], 'copy-status extra');
});

test('a copy is confirmed, a refusal says what to do instead', () => {
  assert.equal(render('copied').text, 'Copied');
  assert.equal(render('refused').text, HINT);
});
