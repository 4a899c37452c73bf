import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { outcomeOf, type EndedCall } from '../../../src/main/node/node-history.js';

const base: EndedCall = { direction: 'incoming', remoteUri: 'sip:a@parley.invalid', startedAt: 0, establishedAt: undefined, endedAt: 10, reason: '' };

describe('how the history names the end of a call', () => {
  const cases: Array<[string, Partial<EndedCall>, string]> = [
    ['an established call, either way', { establishedAt: 5, reason: 'hangup by caller' }, 'answered'],
    ['an incoming call the caller gave up on', { reason: 'missed: the caller hung up', status: 487 }, 'missed'],
    ['an incoming call nobody answered in time', { reason: 'missed: no answer', status: 480 }, 'missed'],
    ['an incoming call we declined', { reason: 'declined', status: 603 }, 'declined'],
    ['an incoming call turned away by do not disturb', { reason: 'declined: do not disturb', status: 486 }, 'declined'],
    ['an incoming call refused for a forged device', { reason: 'refused: not on the list', status: 403 }, 'failed'],
    ['an outgoing call we cancelled', { direction: 'outgoing', reason: 'cancelled' }, 'unanswered'],
    ['an outgoing call the callee declined', { direction: 'outgoing', reason: 'rejected: 603 Decline', status: 603 }, 'unanswered'],
    ['an outgoing call to an offline address', { direction: 'outgoing', reason: 'offline: no device of this address is online', status: 480 }, 'unanswered'],
    ['an outgoing call that could not reach anyone', { direction: 'outgoing', reason: 'unreachable', status: 408 }, 'failed'],
  ];
  for (const [what, call, outcome] of cases) {
    test(`${what}: ${outcome}`, () => assert.equal(outcomeOf({ ...base, ...call }), outcome));
  }
});
