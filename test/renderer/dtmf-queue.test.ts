import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DtmfQueue } from '../../src/renderer/state/dtmf-queue.js';

/** A `send` whose answers the test gives, one by one. */
function controlledSend() {
  const sent: string[] = [];
  const answers: Array<() => void> = [];
  const send = (digits: string) =>
    new Promise<void>((resolve) => {
      sent.push(digits);
      answers.push(resolve);
    });
  const answerNext = async () => {
    answers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { sent, send, answerNext };
}

test('a digit pressed while nothing is on its way is sent at once', async () => {
  const { sent, send, answerNext } = controlledSend();
  const queue = new DtmfQueue(send);
  const done = queue.press('5');
  assert.deepEqual(sent, ['5']);
  assert.equal(queue.busy, true);
  await answerNext();
  await done;
  assert.equal(queue.busy, false);
});

test('digits pressed while a send is on its way wait, then go together and in order', async () => {
  const { sent, send, answerNext } = controlledSend();
  const queue = new DtmfQueue(send);
  const first = queue.press('1');
  void queue.press('2');
  void queue.press('3');
  assert.deepEqual(sent, ['1'], 'one request at a time');
  await answerNext();
  assert.deepEqual(sent, ['1', '23']);
  void queue.press('#');
  await answerNext();
  assert.deepEqual(sent, ['1', '23', '#']);
  await answerNext();
  await first;
  assert.equal(queue.busy, false);
});

test('a long run of waiting digits is split at the contract’s 64 digits a send', async () => {
  const { sent, send, answerNext } = controlledSend();
  const queue = new DtmfQueue(send);
  void queue.press('0');
  void queue.press('1'.repeat(70));
  await answerNext();
  await answerNext();
  assert.deepEqual(sent, ['0', '1'.repeat(64), '1'.repeat(6)]);
});
