import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startupFailureMessage } from '../../../src/main/electron/startup-failure-message.js';

test('the startup failure dialog names the reason, the data folder and what to try', () => {
  const message = startupFailureMessage(new Error('the profile is locked by process 4242'), '/home/me/.config/Parley');
  assert.equal(message.title, 'Parley could not start');
  assert.match(message.content, /the profile is locked by process 4242/);
  assert.match(message.content, /Data folder: \/home\/me\/\.config\/Parley/);
  assert.match(message.content, /--data DIR/);
});

test('a thrown non-Error is still shown', () => {
  assert.match(startupFailureMessage('disk full', '/d').content, /disk full/);
});
