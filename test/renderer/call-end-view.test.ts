import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Contact } from '../../src/shared/api-contract.js';
import type { EndedCall } from '../../src/renderer/state/calls-state.js';
import { callEndKind, callEndView, endStatus } from '../../src/renderer/view/call-end-view.js';
import { BOB, CAROL } from './call-fixtures.js';

const bobBuddy: Contact = { uri: BOB, displayName: 'Bob', addedAt: '2024-01-01T00:00:00.000Z' };
const carolBuddy: Contact = { uri: 'sip:carol@192.0.2.7', displayName: 'Carol', addedAt: '2024-01-01T00:00:00.000Z' };

function ended(overrides: Partial<EndedCall>): EndedCall {
  return {
    callId: 'c',
    remoteUri: BOB,
    remoteDisplayName: null,
    direction: 'outgoing',
    reason: '',
    status: null,
    statistics: null,
    durationMs: null,
    endedAt: 0,
    ...overrides,
  };
}

// What the core says when an outgoing call fails (src/main/call/*), and the sentence Alice reads.
const outgoingFailures: Array<[Partial<EndedCall>, string, string | null]> = [
  [{ reason: 'busy: 486 Busy Here', status: 486 }, 'Bob is busy (do not disturb).', 'busy: 486 Busy Here'],
  [{ reason: 'rejected: 486 Busy Here' }, 'Bob is busy (do not disturb).', 'rejected: 486 Busy Here'],
  [{ reason: 'rejected: 600 Busy Everywhere', status: 600 }, 'Bob is busy (do not disturb).', 'rejected: 600 Busy Everywhere'],
  [{ reason: 'offline: no device of this address is online', status: 480 }, 'Bob is offline.', 'offline: no device of this address is online (SIP 480)'],
  [{ reason: 'rejected: 603 Decline', status: 603 }, 'Bob declined the call.', 'rejected: 603 Decline'],
  [{ reason: 'unreachable: no device could be reached (timeout)', status: 408 }, 'Bob could not be reached.', 'unreachable: no device could be reached (timeout) (SIP 408)'],
  [{ reason: 'failed: 503 Service Unavailable', status: 503 }, 'Bob could not be reached.', 'failed: 503 Service Unavailable'],
  [{ reason: 'rejected: 403 Forbidden', status: 403 }, 'Bob rejected the call.', 'rejected: 403 Forbidden'],
  [{ reason: 'rejected: 404 Not Found', status: 404 }, 'Bob was not found.', 'rejected: 404 Not Found'],
  [{ reason: 'rejected: 488 Not Acceptable Here', status: 488 }, 'The call to Bob failed: no audio format both sides can play.', 'rejected: 488 Not Acceptable Here'],
  [{ reason: 'cancelled' }, 'You cancelled the call to Bob.', 'cancelled'],
];

test('an outgoing call that failed says why in a sentence, with the core’s words as the detail', () => {
  for (const [change, sentence, detail] of outgoingFailures) {
    const view = callEndView(ended(change), [bobBuddy]);
    assert.equal(view.sentence, sentence, change.reason);
    assert.equal(view.detail, detail, change.reason);
    assert.equal(view.tone, change.reason === 'cancelled' ? 'neutral' : 'failure', change.reason);
  }
});

test('an incoming call that never connected says whether it was missed, declined or turned away', () => {
  const cases: Array<[Partial<EndedCall>, string]> = [
    [{ reason: 'missed: no answer', status: 480 }, 'You missed a call from Bob.'],
    [{ reason: 'missed: the caller hung up', status: 487 }, 'Bob hung up before you answered.'],
    [{ reason: 'declined', status: 603 }, 'You declined the call from Bob.'],
    [{ reason: 'declined: do not disturb', status: 486 }, 'A call from Bob was turned away: you are set to do not disturb.'],
  ];
  for (const [change, sentence] of cases) {
    const view = callEndView(ended({ direction: 'incoming', ...change }), [bobBuddy]);
    assert.equal(view.sentence, sentence, change.reason);
    assert.equal(view.tone, 'neutral', 'none of these is a failure of the call');
  }
});

test('a 480 is "offline" for the caller but "missed" for the callee', () => {
  assert.equal(callEndKind(ended({ direction: 'outgoing', reason: 'offline: …', status: 480 })), 'offline');
  assert.equal(callEndKind(ended({ direction: 'incoming', reason: 'missed: no answer', status: 480 })), 'missed');
});

test('a call that was established says after how long and who hung up', () => {
  const buddies = [bobBuddy];
  assert.equal(callEndView(ended({ reason: 'hangup by callee', durationMs: 65_000 }), buddies).sentence, 'The call with Bob ended after 1:05: they hung up.');
  assert.equal(callEndView(ended({ reason: 'hangup by us', durationMs: 12_000 }), buddies).sentence, 'The call with Bob ended after 0:12: you hung up.');
  const incoming = callEndView(ended({ remoteUri: CAROL, direction: 'incoming', reason: 'media failed: device lost', durationMs: 3_000 }), buddies);
  assert.equal(incoming.sentence, `The call from ${CAROL} ended after 0:03: media failed: device lost.`);
  assert.equal(incoming.detail, null, 'the reason is in the sentence already');
  assert.equal(incoming.tone, 'neutral');
});

test('a transferred call names where it went, by the buddy’s name when it is a buddy', () => {
  const view = callEndView(ended({ reason: 'transferred to sip:carol@192.0.2.7:5060', durationMs: 30_000 }), [bobBuddy, carolBuddy]);
  assert.equal(view.kind, 'transferred');
  assert.equal(view.sentence, 'Bob was transferred to Carol.');
  assert.equal(callEndView(ended({ reason: 'transferred to sip:dave@example.org', durationMs: 30_000 }), []).sentence, `${BOB} was transferred to sip:dave@example.org.`);
});

test('the party is the buddy’s name, else the name the caller gave, else the address', () => {
  const busy = { reason: 'busy: 486 Busy Here', status: 486 };
  assert.equal(callEndView(ended(busy), [bobBuddy]).sentence, 'Bob is busy (do not disturb).');
  assert.equal(callEndView(ended({ ...busy, remoteDisplayName: 'Robert' }), []).sentence, 'Robert is busy (do not disturb).');
  assert.equal(callEndView(ended(busy), []).sentence, `${BOB} is busy (do not disturb).`);
  assert.equal(callEndView(ended({ ...busy, remoteUri: null, direction: null }), []).sentence, 'The other party is busy (do not disturb).');
});

test('an unknown failure keeps the core’s reason in the sentence', () => {
  const view = callEndView(ended({ reason: 'failed: 500 Server Internal Error', status: 500 }), []);
  assert.equal(view.kind, 'failed');
  assert.equal(view.sentence, `The call with ${BOB} failed: failed: 500 Server Internal Error.`);
  assert.equal(view.tone, 'failure');
  assert.equal(callEndView(ended({ reason: '' }), []).sentence, `The call with ${BOB} failed: no reason given.`);
});

test('the SIP status is read from the reason when the core gave none', () => {
  assert.equal(endStatus({ status: null, reason: 'rejected: 603 Decline' }), 603);
  assert.equal(endStatus({ status: 480, reason: 'offline' }), 480);
  assert.equal(endStatus({ status: null, reason: 'hangup by callee' }), null);
});
