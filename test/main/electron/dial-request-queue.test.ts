import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DialRequestQueue, MAX_QUEUED_DIAL_REQUESTS } from '../../../src/main/electron/dial-request-queue.js';

test('links that arrive before the window has loaded wait, then are delivered in order', () => {
  const queue = new DialRequestQueue();
  const delivered: string[] = [];
  queue.request('sip:a@example.com');
  queue.request('sip:b@example.com');
  assert.equal(delivered.length, 0);
  queue.open((uri) => delivered.push(uri));
  assert.deepEqual(delivered, ['sip:a@example.com', 'sip:b@example.com']);
  assert.deepEqual(queue.pending, []);
});

test('links that arrive while the window is loaded are delivered at once', () => {
  const queue = new DialRequestQueue();
  const delivered: string[] = [];
  queue.open((uri) => delivered.push(uri));
  queue.request('sip:c@example.com');
  assert.deepEqual(delivered, ['sip:c@example.com']);
});

test('a reload or a closed window makes links wait again', () => {
  const queue = new DialRequestQueue();
  const delivered: string[] = [];
  queue.open((uri) => delivered.push(uri));
  queue.close();
  queue.request('sip:d@example.com');
  assert.equal(delivered.length, 0);
  assert.deepEqual(queue.pending, ['sip:d@example.com']);
  queue.open((uri) => delivered.push(uri));
  assert.deepEqual(delivered, ['sip:d@example.com']);
});

test('only the newest links are kept while nobody can show them', () => {
  const queue = new DialRequestQueue();
  for (let i = 0; i < MAX_QUEUED_DIAL_REQUESTS + 3; i++) queue.request(`sip:user${i}@example.com`);
  assert.equal(queue.pending.length, MAX_QUEUED_DIAL_REQUESTS);
  assert.equal(queue.pending[0], 'sip:user3@example.com');
});
