import type { CallHistory, Contact, HistoryEntry } from '../../src/shared/api-contract.js';
import { BOB } from './call-fixtures.js';

/** A finished call in the history; an answered outgoing one to Bob unless told otherwise. */
export function historyEntry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id: 'h1',
    direction: 'outgoing',
    remoteUri: BOB,
    outcome: 'answered',
    startedAt: 1_000_000,
    endedAt: 1_192_000,
    durationMs: 190_000,
    reason: 'hangup by caller',
    ...overrides,
  };
}

export function history(entries: HistoryEntry[] = [], missedUnseen = 0): CallHistory {
  return { entries, missedUnseen };
}

export function contact(uri: string, displayName = ''): Contact {
  return { uri, displayName, addedAt: '2025-01-01T00:00:00.000Z' };
}
