import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiResult } from '../../src/shared/api-contract.js';
import type { AppAction } from '../../src/renderer/state/app-state.js';
import { createCallCommands } from '../../src/renderer/state/call-commands.js';
import { BOB, callView, establishedCall } from './call-fixtures.js';
import { FakeParleyApi } from './fake-parley-api.js';

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const notFound: ApiResult<never> = { ok: false, error: { code: 'BAD_ARGUMENT', message: 'hangUp: there is no call call-1 (it may have ended)' } };

function setUp(answers: ConstructorParameters<typeof FakeParleyApi>[0]) {
  const fake = new FakeParleyApi(answers);
  const actions: AppAction[] = [];
  const commands = createCallCommands(fake.api, (action) => actions.push(action));
  return { fake, actions, commands };
}

test('placing a call shows progress, then the call the core started', async () => {
  const { fake, actions, commands } = setUp({ placeCall: ok(callView()) });
  await commands.placeCall(` ${BOB} `);
  assert.deepEqual(fake.calls, [{ command: 'placeCall', args: { uri: BOB } }]);
  assert.deepEqual(actions, [
    { type: 'callPlacing' },
    { type: 'callUpdated', call: callView() },
    { type: 'callPlaceFinished', error: null },
  ]);
});

test('a call the core refuses to place is told in its words', async () => {
  const refused = { ok: false, error: { code: 'UNAVAILABLE', message: 'placeCall: this node does not speak plain SIP: start it with --sip HOST:PORT to call SIP phones' } } as const;
  const { actions, commands } = setUp({ placeCall: refused });
  await commands.placeCall('sip:carol@192.0.2.7:5060');
  assert.deepEqual(actions.at(-1), {
    type: 'callPlaceFinished',
    error: 'Could not call: This node does not speak plain SIP: start it with --sip HOST:PORT to call SIP phones.',
  });
});

test('an address that is not a SIP URI is not sent to the core', async () => {
  const { fake, actions, commands } = setUp({});
  await commands.placeCall('bob@example.org');
  await commands.placeCall('  ');
  assert.deepEqual(fake.calls, []);
  assert.deepEqual(actions, [
    { type: 'callPlaceFinished', error: 'A SIP URI starts with sip: or sips: and has no spaces.' },
    { type: 'callPlaceFinished', error: 'Enter a SIP address to call.' },
  ]);
});

test('a second Call while the first is on its way places one call', async () => {
  const { fake, commands } = setUp({ placeCall: ok(callView()) });
  await Promise.all([commands.placeCall(BOB), commands.placeCall(BOB)]);
  assert.equal(fake.calls.length, 1);
});

test('answering shows progress on the call, then the answered call', async () => {
  const answered = establishedCall({ direction: 'incoming' });
  const { fake, actions, commands } = setUp({ answerCall: ok(answered) });
  await commands.answerCall('call-1');
  assert.deepEqual(fake.calls, [{ command: 'answerCall', args: { callId: 'call-1' } }]);
  assert.deepEqual(actions, [
    { type: 'callOperationStarted', callId: 'call-1', operation: 'answer' },
    { type: 'callUpdated', call: answered },
    { type: 'callOperationFinished', callId: 'call-1', operation: 'answer', error: null },
  ]);
});

test('a refused hang-up is told on the call as a sentence', async () => {
  const { actions, commands } = setUp({ hangUp: notFound });
  await commands.hangUp('call-1');
  assert.deepEqual(actions.at(-1), {
    type: 'callOperationFinished',
    callId: 'call-1',
    operation: 'hangUp',
    error: 'Could not hang up: There is no call call-1 (it may have ended).',
  });
});

test('hold and resume show the view the core answered with', async () => {
  const held = establishedCall({ localHold: true });
  const { fake, actions, commands } = setUp({ holdCall: ok(held), resumeCall: ok(establishedCall()) });
  await commands.holdCall('call-1');
  await commands.resumeCall('call-1');
  assert.deepEqual(
    fake.calls.map((call) => call.command),
    ['holdCall', 'resumeCall'],
  );
  assert.deepEqual(
    actions.filter((action) => action.type === 'callUpdated'),
    [
      { type: 'callUpdated', call: held },
      { type: 'callUpdated', call: establishedCall() },
    ],
  );
});

test('a double click on Hold sends one request', async () => {
  const { fake, commands } = setUp({ holdCall: ok(establishedCall({ localHold: true })) });
  await Promise.all([commands.holdCall('call-1'), commands.holdCall('call-1')]);
  assert.equal(fake.calls.length, 1);
});

test('Mute in a call sets the node’s mute and shows what the core answered', async () => {
  const { fake, actions, commands } = setUp({ setMuted: ok({ muted: true }) });
  await commands.setCallMuted('call-1', true);
  assert.deepEqual(fake.calls, [{ command: 'setMuted', args: { muted: true } }]);
  assert.ok(actions.some((action) => action.type === 'muteChanged' && action.muted));
});

test('keypad digits are sent and shown as the core sent them', async () => {
  const { fake, actions, commands } = setUp({ sendDtmf: ok({ digits: 'A' }) });
  await commands.pressDtmf('call-1', 'a');
  assert.deepEqual(fake.calls, [{ command: 'sendDtmf', args: { callId: 'call-1', digits: 'a' } }]);
  assert.deepEqual(actions, [
    { type: 'callOperationStarted', callId: 'call-1', operation: 'dtmf' },
    { type: 'dtmfSent', callId: 'call-1', digits: 'A' },
    { type: 'callOperationFinished', callId: 'call-1', operation: 'dtmf', error: null },
  ]);
});

test('digits pressed quickly reach the core in order, never two requests at once', async () => {
  const { fake, commands } = setUp({ sendDtmf: ok({ digits: '' }) });
  await Promise.all([commands.pressDtmf('call-1', '1'), commands.pressDtmf('call-1', '2'), commands.pressDtmf('call-1', '3')]);
  assert.deepEqual(
    fake.calls.map((call) => (call.args as { digits: string }).digits),
    ['1', '23'],
  );
});

test('a transfer asks the core, and shows it is on its way until the other party took it', async () => {
  const { fake, actions, commands } = setUp({ transferCall: ok({ callId: 'call-1' }) });
  await Promise.all([commands.transferCall('call-1', ' sip:carol@192.0.2.7 '), commands.transferCall('call-1', 'sip:carol@192.0.2.7')]);
  assert.deepEqual(fake.calls, [{ command: 'transferCall', args: { callId: 'call-1', uri: 'sip:carol@192.0.2.7' } }], 'a double click sends one REFER');
  assert.deepEqual(actions, [
    { type: 'transferStarted', callId: 'call-1', target: 'sip:carol@192.0.2.7' },
    { type: 'transferFinished', callId: 'call-1', error: null },
  ]);
});

test('a refused transfer is told in words, and a bad address never reaches the core', async () => {
  const refused = { ok: false, error: { code: 'UNAVAILABLE', message: 'transferCall: the peer answered 403 Forbidden' } } as const;
  const { fake, actions, commands } = setUp({ transferCall: refused });
  await commands.transferCall('call-1', 'sip:carol@192.0.2.7');
  assert.deepEqual(actions.at(-1), { type: 'transferFinished', callId: 'call-1', error: 'Could not transfer: The peer answered 403 Forbidden.' });
  await commands.transferCall('call-1', 'carol');
  assert.equal(fake.calls.length, 1);
  assert.deepEqual(actions.at(-1), { type: 'transferFinished', callId: 'call-1', error: 'A SIP URI starts with sip: or sips: and has no spaces.' });
  commands.dismissTransfer('call-1');
  assert.deepEqual(actions.at(-1), { type: 'transferDismissed', callId: 'call-1' });
});
