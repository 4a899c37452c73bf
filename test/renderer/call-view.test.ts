import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addressBadge,
  addressKind,
  callElapsedMs,
  callStateLabel,
  deviceReplacementText,
  formatCallDuration,
  spokenCallDuration,
} from '../../src/renderer/view/call-view.js';
import { BOB, CAROL, callView, establishedCall } from './call-fixtures.js';

test('a call’s state reads as the panel shows it', () => {
  const cases = [
    [callView(), 'Calling…'],
    [callView({ setupPhase: 'lookup' }), 'Looking up…'],
    [callView({ setupPhase: 'connecting' }), 'Connecting…'],
    [callView({ setupPhase: 'ringing' }), 'Ringing…'],
    [callView({ direction: 'incoming' }), 'Ringing…'],
    [establishedCall(), 'In call'],
    [establishedCall({ localHold: true }), 'On hold'],
    [establishedCall({ remoteHold: true }), 'Held by the other party'],
    [establishedCall({ localHold: true, remoteHold: true }), 'On hold on both sides'],
    [callView({ state: 'ended' }), 'Ended'],
  ] as const;
  for (const [view, label] of cases) assert.equal(callStateLabel(view), label, JSON.stringify(view));
});

test('the timer runs from the moment the call was established, never below zero', () => {
  assert.equal(callElapsedMs(callView(), 99_000), null, 'no time before the call is established');
  assert.equal(callElapsedMs(establishedCall({ establishedAt: 10_000 }), 75_400), 65_400);
  assert.equal(callElapsedMs(establishedCall({ establishedAt: 10_000 }), 9_000), 0);
});

test('durations show whole seconds, and hours only when there are some', () => {
  const cases = [
    [0, '0:00'],
    [999, '0:00'],
    [7_000, '0:07'],
    [65_400, '1:05'],
    [754_000, '12:34'],
    [3_723_000, '1:02:03'],
    [-5, '0:00'],
  ] as const;
  for (const [ms, shown] of cases) assert.equal(formatCallDuration(ms), shown, String(ms));
});

test('durations are spoken in words for screen readers', () => {
  assert.equal(spokenCallDuration(0), '0 seconds');
  assert.equal(spokenCallDuration(61_000), '1 minute 1 second');
  assert.equal(spokenCallDuration(7_322_000), '2 hours 2 minutes 2 seconds');
});

test('Parley addresses are told apart from plain SIP ones', () => {
  assert.equal(addressKind(BOB), 'parley');
  assert.equal(addressKind('sip:abc@PARLEY.INVALID;transport=parley'), 'parley');
  assert.equal(addressKind(CAROL), 'sip');
  assert.equal(addressKind('sip:parley.invalid@example.org'), 'sip');
});

test('a failed device reads as what happened and what took over', () => {
  assert.equal(
    deviceReplacementText({ direction: 'input', from: 'USB mic', to: 'default', reason: 'unplugged' }),
    'Microphone “USB mic” stopped (unplugged); now using “default”.',
  );
  assert.equal(
    deviceReplacementText({ direction: 'output', from: 'default', to: null, reason: 'no audio output device' }),
    'Speaker “default” is unavailable (no audio output device); the call goes on in silence.',
  );
});

test('a conference address is neither a person nor a SIP phone, and its badge says so', () => {
  const conference = 'sip:ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u@conference.parley.invalid';
  assert.equal(addressKind(conference), 'conference');
  assert.equal(addressBadge(addressKind(conference)).label, 'Conference');
  assert.equal(addressBadge(addressKind(BOB)).label, 'Parley');
  assert.equal(addressBadge(addressKind(CAROL)).label, 'SIP');
});
