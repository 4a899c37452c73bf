import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HistoryEntry } from '../../src/shared/api-contract.js';
import {
  historyOutcomeText,
  historyOutcomeTone,
  historyPartyLabel,
  missedBadgeText,
  relativeTimeText,
  spokenHistoryOutcome,
  spokenMissedBadge,
} from '../../src/renderer/view/history-view.js';
import { BOB, CAROL } from './call-fixtures.js';
import { historyEntry } from './history-fixtures.js';

const outcomes: Array<[Partial<HistoryEntry>, string]> = [
  [{ outcome: 'answered', durationMs: 192_400 }, 'Answered 3:12'],
  [{ outcome: 'answered', durationMs: 3_723_000 }, 'Answered 1:02:03'],
  [{ outcome: 'missed', direction: 'incoming' }, 'Missed'],
  [{ outcome: 'declined', direction: 'incoming' }, 'Declined'],
  [{ outcome: 'unanswered' }, 'No answer'],
  [{ outcome: 'failed', reason: 'offline: no device of this address is online' }, 'Failed: offline: no device of this address is online'],
  [{ outcome: 'failed', reason: '' }, 'Failed'],
];

for (const [entry, text] of outcomes) {
  test(`a call that ended ${entry.outcome} with ${JSON.stringify(entry.reason ?? entry.durationMs ?? '')} reads “${text}”`, () => {
    assert.equal(historyOutcomeText(historyEntry(entry)), text);
  });
}

test('screen readers hear the duration of an answered call in words', () => {
  assert.equal(spokenHistoryOutcome(historyEntry({ outcome: 'answered', durationMs: 65_000 })), 'Answered, 1 minute 5 seconds');
  assert.equal(spokenHistoryOutcome(historyEntry({ outcome: 'missed' })), 'Missed');
});

test('missed calls stand out; answered ones are good news; the rest are quiet', () => {
  assert.equal(historyOutcomeTone(historyEntry({ outcome: 'missed' })), 'bad');
  assert.equal(historyOutcomeTone(historyEntry({ outcome: 'answered' })), 'good');
  assert.equal(historyOutcomeTone(historyEntry({ outcome: 'failed' })), 'muted');
});

test('a call with a buddy shows the buddy’s name; any other call its address', () => {
  const contacts = [{ uri: BOB, displayName: 'Bob', addedAt: '2025-01-01T00:00:00.000Z' }];
  assert.deepEqual(historyPartyLabel(historyEntry({ remoteUri: `<${BOB}>` }), contacts), { label: 'Bob', isContact: true });
  assert.deepEqual(historyPartyLabel(historyEntry({ remoteUri: CAROL }), contacts), { label: CAROL, isContact: false });
  const unnamed = [{ uri: CAROL, displayName: '', addedAt: '2025-01-01T00:00:00.000Z' }];
  assert.deepEqual(historyPartyLabel(historyEntry({ remoteUri: CAROL }), unnamed), { label: CAROL, isContact: true });
});

const now = Date.UTC(2025, 5, 15, 12, 0, 0);
const ago: Array<[number, string]> = [
  [0, 'just now'],
  [59_000, 'just now'],
  [60_000, '1 minute ago'],
  [45 * 60_000, '45 minutes ago'],
  [3 * 3_600_000, '3 hours ago'],
  [26 * 3_600_000, 'yesterday'],
  [3 * 86_400_000, '3 days ago'],
  [8 * 86_400_000, 'last week'],
  [20 * 86_400_000, '2 weeks ago'],
  [70 * 86_400_000, '2 months ago'],
  [800 * 86_400_000, '2 years ago'],
];

for (const [ms, text] of ago) {
  test(`a call ${ms} ms ago was “${text}”`, () => assert.equal(relativeTimeText(now - ms, now), text));
}

test('a clock a little behind the core never shows a call in the future', () => {
  assert.equal(relativeTimeText(now + 5_000, now), 'just now');
});

test('the missed-call badge counts unseen missed calls and is gone at zero', () => {
  assert.equal(missedBadgeText(0), null);
  assert.equal(missedBadgeText(1), '1 missed');
  assert.equal(missedBadgeText(12), '12 missed');
  assert.equal(spokenMissedBadge(1), '1 missed call');
  assert.equal(spokenMissedBadge(3), '3 missed calls');
});
