import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coreLinkView } from '../../src/renderer/view/core-link-view.js';

test('the link to the core is described only when it is not up', () => {
  assert.equal(coreLinkView('connected', true), null);
  assert.equal(coreLinkView('connected', false), null);
  assert.equal(coreLinkView('connecting', false), 'Connecting to the Parley core…');
  assert.equal(coreLinkView('disconnected', true), 'Disconnected from the Parley core — reconnecting…');
  assert.equal(coreLinkView('disconnected', false), 'Cannot reach the Parley core — retrying…');
});
