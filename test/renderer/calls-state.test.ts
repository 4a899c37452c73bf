import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  initialCallsState,
  isRinging,
  reduceCallsState,
  SHOWN_DIGITS,
  type CallsAction,
  type CallsState,
} from '../../src/renderer/state/calls-state.js';
import { BOB, callView, establishedCall, statistics } from './call-fixtures.js';

function run(actions: CallsAction[], state: CallsState = initialCallsState()): CallsState {
  return actions.reduce(reduceCallsState, state);
}

const ringing = callView({ callId: 'in-1', direction: 'incoming', remoteUri: 'sip:alice@parley.invalid' });
const levels = { callId: 'call-1', input: { rmsDbfs: -20, peakDbfs: -6 }, output: { rmsDbfs: -30, peakDbfs: -12 }, muted: false };

test('an incoming call in setup is a ringing call; an outgoing one in setup or an answered one is not', () => {
  assert.equal(isRinging(ringing), true);
  assert.equal(isRinging(callView()), false);
  assert.equal(isRinging({ ...ringing, state: 'established' }), false);
});

test('a call the core reports is added, and its later views replace the first', () => {
  const state = run([{ type: 'callUpdated', call: ringing }, { type: 'callUpdated', call: callView() }]);
  assert.deepEqual(
    state.calls.map((entry) => entry.view.callId),
    ['in-1', 'call-1'],
  );
  const answered = reduceCallsState(state, { type: 'callUpdated', call: { ...ringing, state: 'established', establishedAt: 5 } });
  assert.equal(answered.calls[0]?.view.state, 'established');
  assert.equal(answered.calls.length, 2);
});

test('a new view keeps what was measured about the call', () => {
  const state = run([
    { type: 'callUpdated', call: callView() },
    { type: 'callLevelsMeasured', levels },
    { type: 'callStatisticsUpdated', callId: 'call-1', statistics: statistics() },
    { type: 'dtmfReceived', callId: 'call-1', digit: '7' },
    { type: 'callUpdated', call: establishedCall({ localHold: true }) },
  ]);
  const [entry] = state.calls;
  assert.equal(entry?.view.localHold, true);
  assert.deepEqual(entry?.levels, { input: levels.input, output: levels.output, muted: false });
  assert.deepEqual(entry?.statistics, statistics());
  assert.equal(entry?.receivedDigits, '7');
});

test('an ended call leaves the list, and its reason, party and duration stay as the last ended call', () => {
  const state = run([
    { type: 'callUpdated', call: establishedCall({ establishedAt: 10_000 }) },
    { type: 'callEnded', ended: { callId: 'call-1', reason: 'hangup by callee', status: 200 }, at: 75_500 },
  ]);
  assert.deepEqual(state.calls, []);
  assert.deepEqual(state.lastEnded, {
    callId: 'call-1',
    remoteUri: BOB,
    remoteDisplayName: null,
    direction: 'outgoing',
    reason: 'hangup by callee',
    status: 200,
    statistics: null,
    durationMs: 65_500,
    endedAt: 75_500,
  });
});

test('a call that never connected ends with no duration, and the final statistics win over the live ones', () => {
  const final = statistics({ mos: 3.1 });
  const state = run([
    { type: 'callUpdated', call: callView() },
    { type: 'callStatisticsUpdated', callId: 'call-1', statistics: statistics() },
    { type: 'callEnded', ended: { callId: 'call-1', reason: 'offline: no device of this address is online', status: 480, statistics: final }, at: 3_000 },
  ]);
  assert.equal(state.lastEnded?.durationMs, null);
  assert.equal(state.lastEnded?.status, 480);
  assert.deepEqual(state.lastEnded?.statistics, final);
});

test('the end of a call the page never saw is still told, without a party', () => {
  const state = run([{ type: 'callEnded', ended: { callId: 'gone', reason: 'cancelled' }, at: 1 }]);
  assert.equal(state.lastEnded?.remoteUri, null);
  assert.equal(state.lastEnded?.reason, 'cancelled');
});

test('a late update of an ended call does not bring it back', () => {
  const state = run([
    { type: 'callUpdated', call: callView() },
    { type: 'callEnded', ended: { callId: 'call-1', reason: 'declined' }, at: 2 },
    { type: 'callUpdated', call: establishedCall() },
  ]);
  assert.deepEqual(state.calls, []);
});

test('an ended view waits in the list for the reason that callEnded brings', () => {
  const state = run([{ type: 'callUpdated', call: callView() }, { type: 'callUpdated', call: callView({ state: 'ended' }) }]);
  assert.equal(state.calls[0]?.view.state, 'ended');
  assert.deepEqual(run([{ type: 'callUpdated', call: callView({ callId: 'new', state: 'ended' }) }]).calls, [], 'an unknown call that is already over is not added');
});

test('measurements of a call that is not in the list change nothing', () => {
  const state = run([{ type: 'callUpdated', call: callView() }]);
  for (const action of [
    { type: 'callLevelsMeasured', levels: { ...levels, callId: 'other' } },
    { type: 'callStatisticsUpdated', callId: 'other', statistics: statistics() },
    { type: 'dtmfReceived', callId: 'other', digit: '1' },
    { type: 'callOperationStarted', callId: 'other', operation: 'hold' },
  ] as const) {
    assert.equal(reduceCallsState(state, action), state, action.type);
  }
});

test('received and sent digits are kept in order, the last few only', () => {
  const many = '0123456789*#0123456789';
  const state = run([
    { type: 'callUpdated', call: establishedCall() },
    ...[...many].map((digit): CallsAction => ({ type: 'dtmfReceived', callId: 'call-1', digit })),
    { type: 'dtmfSent', callId: 'call-1', digits: '12' },
    { type: 'dtmfSent', callId: 'call-1', digits: '#' },
  ]);
  assert.equal(state.calls[0]?.receivedDigits, many.slice(-SHOWN_DIGITS));
  assert.equal(state.calls[0]?.sentDigits, '12#');
});

test('a replaced device is shown once per direction, the newest, microphone first', () => {
  const state = run([
    { type: 'callUpdated', call: establishedCall() },
    { type: 'audioDeviceReplaced', replacement: { callId: 'call-1', direction: 'output', from: 'HDMI', to: 'default', reason: 'unplugged' } },
    { type: 'audioDeviceReplaced', replacement: { callId: 'call-1', direction: 'input', from: 'USB mic', to: null, reason: 'stalled' } },
    { type: 'audioDeviceReplaced', replacement: { callId: 'call-1', direction: 'output', from: 'default', to: 'Speakers', reason: 'failed' } },
  ]);
  assert.deepEqual(state.calls[0]?.deviceReplacements, [
    { direction: 'input', from: 'USB mic', to: null, reason: 'stalled' },
    { direction: 'output', from: 'default', to: 'Speakers', reason: 'failed' },
  ]);
});

test('an operation is pending from its start to its end, and a failure stays until the next one starts', () => {
  const started = run([
    { type: 'callUpdated', call: establishedCall() },
    { type: 'callOperationStarted', callId: 'call-1', operation: 'hold' },
    { type: 'callOperationStarted', callId: 'call-1', operation: 'mute' },
  ]);
  assert.deepEqual(started.calls[0]?.pending, ['hold', 'mute']);
  const failed = run(
    [
      { type: 'callOperationFinished', callId: 'call-1', operation: 'hold', error: 'Could not hold: The call is not established.' },
      { type: 'callOperationFinished', callId: 'call-1', operation: 'mute', error: null },
    ],
    started,
  );
  assert.deepEqual(failed.calls[0]?.pending, []);
  assert.equal(failed.calls[0]?.error, 'Could not hold: The call is not established.', 'a success of another operation does not hide it');
  const retried = reduceCallsState(failed, { type: 'callOperationStarted', callId: 'call-1', operation: 'hold' });
  assert.equal(retried.calls[0]?.error, null);
});

test('the core’s list replaces the calls, drops ended ones, and keeps what was measured about known ones', () => {
  const before = run([
    { type: 'callUpdated', call: establishedCall() },
    { type: 'callStatisticsUpdated', callId: 'call-1', statistics: statistics() },
    { type: 'callUpdated', call: callView({ callId: 'stale' }) },
  ]);
  const state = reduceCallsState(before, {
    type: 'callsListed',
    calls: [establishedCall({ remoteHold: true }), ringing, callView({ callId: 'over', state: 'ended' })],
  });
  assert.deepEqual(
    state.calls.map((entry) => entry.view.callId),
    ['call-1', 'in-1'],
  );
  assert.equal(state.calls[0]?.view.remoteHold, true);
  assert.deepEqual(state.calls[0]?.statistics, statistics());
});

test('dismissing the last ended call clears it, unless another call ended since', () => {
  const ended = run([{ type: 'callEnded', ended: { callId: 'a', reason: 'done' }, at: 1 }]);
  assert.equal(reduceCallsState(ended, { type: 'endedCallDismissed', callId: 'a' }).lastEnded, null);
  const newer = reduceCallsState(ended, { type: 'callEnded', ended: { callId: 'b', reason: 'busy' }, at: 2 });
  assert.equal(reduceCallsState(newer, { type: 'endedCallDismissed', callId: 'a' }).lastEnded?.callId, 'b');
});

test('the name the other party gave stays with the ended call, for the note on it', () => {
  const state = run([
    { type: 'callUpdated', call: callView({ remoteDisplayName: 'Bob' }) },
    { type: 'callEnded', ended: { callId: 'call-1', reason: 'busy: 486 Busy Here', status: 486 }, at: 2_000 },
  ]);
  assert.equal(state.lastEnded?.remoteDisplayName, 'Bob');
});

test('a transfer shows its progress: asking, then accepted, or failed with the reason', () => {
  const asking = run([
    { type: 'callUpdated', call: establishedCall() },
    { type: 'transferStarted', callId: 'call-1', target: 'sip:carol@192.0.2.7' },
  ]);
  assert.deepEqual(asking.calls[0]?.transfer, { phase: 'asking', target: 'sip:carol@192.0.2.7' });
  assert.deepEqual(reduceCallsState(asking, { type: 'transferDismissed', callId: 'call-1' }).calls[0]?.transfer, asking.calls[0]?.transfer, 'a transfer on its way cannot be dismissed');

  const accepted = reduceCallsState(asking, { type: 'transferFinished', callId: 'call-1', error: null });
  assert.deepEqual(accepted.calls[0]?.transfer, { phase: 'accepted', target: 'sip:carol@192.0.2.7' });
  const failed = reduceCallsState(asking, { type: 'transferFinished', callId: 'call-1', error: 'Could not transfer: The peer answered 403 Forbidden.' });
  assert.deepEqual(failed.calls[0]?.transfer, { phase: 'failed', target: 'sip:carol@192.0.2.7', error: 'Could not transfer: The peer answered 403 Forbidden.' });
  assert.equal(reduceCallsState(failed, { type: 'transferDismissed', callId: 'call-1' }).calls[0]?.transfer, null);
  assert.equal(reduceCallsState(failed, { type: 'callUpdated', call: establishedCall({ localHold: true }) }).calls[0]?.transfer?.phase, 'failed', 'a new view keeps it');
});
