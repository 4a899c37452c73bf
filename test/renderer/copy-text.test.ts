import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyText } from '../../src/renderer/view/copy-text.js';

test('copying writes the text to the clipboard and says so', async () => {
  const written: string[] = [];
  const outcome = await copyText('sip:a@b', { writeText: async (text) => void written.push(text) });
  assert.equal(outcome, 'copied');
  assert.deepEqual(written, ['sip:a@b']);
});

test('a clipboard that refuses, or none at all, is reported as refused', async () => {
  const denied = { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) };
  assert.equal(await copyText('sip:a@b', denied), 'refused');
  assert.equal(await copyText('sip:a@b', undefined), 'refused');
});
