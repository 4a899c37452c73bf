import type { Contact, HistoryEntry } from '../../shared/api-contract.js';
import { formatCallDuration, spokenCallDuration } from './call-view.js';
import { contactLabel } from './contact-view.js';
import { findBuddy } from './party-key.js';

/** How the call ended, in the words the history shows: `Answered 3:12`, `Missed`, `Failed: offline`. */
export function historyOutcomeText(entry: HistoryEntry): string {
  switch (entry.outcome) {
    case 'answered':
      return `Answered ${formatCallDuration(entry.durationMs)}`;
    case 'missed':
      return 'Missed';
    case 'declined':
      return 'Declined';
    case 'unanswered':
      return 'No answer';
    case 'failed':
      return entry.reason.trim() === '' ? 'Failed' : `Failed: ${entry.reason.trim()}`;
  }
}

/** The same for screen readers: the duration in words. */
export function spokenHistoryOutcome(entry: HistoryEntry): string {
  return entry.outcome === 'answered' ? `Answered, ${spokenCallDuration(entry.durationMs)}` : historyOutcomeText(entry);
}

/** Who the call was with: the buddy's name when the address is a buddy's, else the address. */
export function historyPartyLabel(entry: HistoryEntry, contacts: readonly Contact[]): { label: string; isContact: boolean } {
  const contact = findBuddy(contacts, entry.remoteUri);
  return contact === undefined ? { label: entry.remoteUri, isContact: false } : { label: contactLabel(contact), isContact: true };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `just now`, `5 minutes ago`, `yesterday`, `3 weeks ago`: how long ago `at` was at `now`. */
export function relativeTimeText(at: number, now: number): string {
  const ago = Math.max(0, now - at);
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return RELATIVE.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return RELATIVE.format(-Math.floor(ago / HOUR), 'hour');
  if (ago < WEEK) return RELATIVE.format(-Math.floor(ago / DAY), 'day');
  if (ago < 5 * WEEK) return RELATIVE.format(-Math.floor(ago / WEEK), 'week');
  if (ago < 365 * DAY) return RELATIVE.format(-Math.max(1, Math.floor(ago / (30 * DAY))), 'month');
  return RELATIVE.format(-Math.floor(ago / (365 * DAY)), 'year');
}

/** The badge for calls missed since the user last looked: `3 missed`, or null for none. */
export function missedBadgeText(missedUnseen: number): string | null {
  return missedUnseen > 0 ? `${missedUnseen} missed` : null;
}

/** The badge for screen readers. */
export function spokenMissedBadge(missedUnseen: number): string {
  return missedUnseen === 1 ? '1 missed call' : `${missedUnseen} missed calls`;
}

/** The tone of the outcome: missed calls stand out, failures are quiet but marked. */
export function historyOutcomeTone(entry: HistoryEntry): 'good' | 'bad' | 'muted' {
  if (entry.outcome === 'answered') return 'good';
  if (entry.outcome === 'missed') return 'bad';
  return 'muted';
}
