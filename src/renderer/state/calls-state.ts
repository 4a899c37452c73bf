import type { CallStatisticsView, CallView, EventPayload } from '../../shared/api-contract.js';

/** The meters' reading of one call: what the core measured last (~5 times a second). */
export type CallLevels = Omit<EventPayload<'callLevelsMeasured'>, 'callId'>;

/** A microphone or loudspeaker that failed during the call, and what took over. */
export type DeviceReplacement = Omit<EventPayload<'audioDeviceReplaced'>, 'callId'>;

/** What the user can ask of one call; each shows its progress until the core answers. */
export type CallOperation = 'answer' | 'hangUp' | 'hold' | 'resume' | 'mute' | 'dtmf';

/**
 * A blind transfer asked from this call (RFC 5589 §6): `asking` while the REFER is on its way,
 * `accepted` once the other party took it (202) and is calling the target (the call ends as
 * `transferred to …` when the target answers, and stays up if that call fails), `failed` when
 * it was refused.
 */
export type TransferState =
  | { phase: 'asking'; target: string }
  | { phase: 'accepted'; target: string }
  | { phase: 'failed'; target: string; error: string };

/** How many digits each way a call remembers for display: enough for a PIN or a menu path. */
export const SHOWN_DIGITS = 16;

/** How many ended Call-IDs are remembered, so a late update of an ended call cannot bring it back. */
const REMEMBERED_ENDED_CALLS = 32;

export type CallEntry = {
  view: CallView;
  levels: CallLevels | null;
  statistics: CallStatisticsView | null;
  /** RFC 4733 digits from the other party, oldest first, at most `SHOWN_DIGITS`. */
  receivedDigits: string;
  /** Digits the core confirmed it sent, at most `SHOWN_DIGITS`. */
  sentDigits: string;
  /** The latest replacement per direction (input first). */
  deviceReplacements: readonly DeviceReplacement[];
  /** Operations asked of the core and not answered yet. */
  pending: readonly CallOperation[];
  /** The last failed operation, as a sentence; cleared when the next one starts. */
  error: string | null;
  /** The last transfer asked from this call, or null. */
  transfer: TransferState | null;
};

/** The last call that ended, shown for a while with its reason. */
export type EndedCall = {
  callId: string;
  /** Null when the UI never saw the call (it ended before the page knew of it). */
  remoteUri: string | null;
  /** The name the other party gave, null when none (or the UI never saw the call). */
  remoteDisplayName: string | null;
  direction: CallView['direction'] | null;
  reason: string;
  status: number | null;
  statistics: CallStatisticsView | null;
  /** How long it was established, or null if it never was. */
  durationMs: number | null;
  endedAt: number;
};

export type CallsState = {
  /** Calls in progress, oldest first (the order `listCalls` gives). */
  calls: readonly CallEntry[];
  lastEnded: EndedCall | null;
  endedCallIds: readonly string[];
};

export type CallsAction =
  | { type: 'callsListed'; calls: readonly CallView[] }
  | { type: 'callUpdated'; call: CallView }
  | { type: 'callEnded'; ended: EventPayload<'callEnded'>; at: number }
  | { type: 'callLevelsMeasured'; levels: EventPayload<'callLevelsMeasured'> }
  | { type: 'callStatisticsUpdated'; callId: string; statistics: CallStatisticsView }
  | { type: 'dtmfReceived'; callId: string; digit: string }
  | { type: 'dtmfSent'; callId: string; digits: string }
  | { type: 'audioDeviceReplaced'; replacement: EventPayload<'audioDeviceReplaced'> }
  | { type: 'callOperationStarted'; callId: string; operation: CallOperation }
  | { type: 'callOperationFinished'; callId: string; operation: CallOperation; error: string | null }
  | { type: 'endedCallDismissed'; callId: string }
  | { type: 'transferStarted'; callId: string; target: string }
  | { type: 'transferFinished'; callId: string; error: string | null }
  | { type: 'transferDismissed'; callId: string };

export function initialCallsState(): CallsState {
  return { calls: [], lastEnded: null, endedCallIds: [] };
}

/** An incoming call that waits for Answer or Decline. */
export function isRinging(view: CallView): boolean {
  return view.direction === 'incoming' && view.state === 'setup';
}

function newEntry(view: CallView): CallEntry {
  return { view, levels: null, statistics: null, receivedDigits: '', sentDigits: '', deviceReplacements: [], pending: [], error: null, transfer: null };
}

function lastDigits(digits: string): string {
  return digits.slice(-SHOWN_DIGITS);
}

/** Applies `change` to the entry of `callId`; an unknown call leaves the state as it is. */
function updateEntry(state: CallsState, callId: string, change: (entry: CallEntry) => CallEntry): CallsState {
  const index = state.calls.findIndex((entry) => entry.view.callId === callId);
  const entry = state.calls[index];
  if (entry === undefined) return state;
  const calls = [...state.calls];
  calls[index] = change(entry);
  return { ...state, calls };
}

function endCall(state: CallsState, action: Extract<CallsAction, { type: 'callEnded' }>): CallsState {
  const { ended, at } = action;
  const entry = state.calls.find((candidate) => candidate.view.callId === ended.callId);
  const establishedAt = entry?.view.establishedAt ?? null;
  return {
    calls: state.calls.filter((candidate) => candidate !== entry),
    lastEnded: {
      callId: ended.callId,
      remoteUri: entry?.view.remoteUri ?? null,
      remoteDisplayName: entry?.view.remoteDisplayName ?? null,
      direction: entry?.view.direction ?? null,
      reason: ended.reason,
      status: ended.status ?? null,
      statistics: ended.statistics ?? entry?.statistics ?? null,
      durationMs: establishedAt === null ? null : Math.max(0, at - establishedAt),
      endedAt: at,
    },
    endedCallIds: [...state.endedCallIds.filter((id) => id !== ended.callId), ended.callId].slice(-REMEMBERED_ENDED_CALLS),
  };
}

/** The calls as the UI shows them: every call event, command progress and snapshot is one action here. */
export function reduceCallsState(state: CallsState, action: CallsAction): CallsState {
  switch (action.type) {
    case 'callsListed': {
      // The core's list is the truth; what the UI measured about a call it already knew stays.
      const calls = action.calls
        .filter((view) => view.state !== 'ended')
        .map((view) => {
          const known = state.calls.find((entry) => entry.view.callId === view.callId);
          return known ? { ...known, view } : newEntry(view);
        });
      return { ...state, calls };
    }
    case 'callUpdated': {
      const { call } = action;
      if (state.endedCallIds.includes(call.callId)) return state;
      const known = state.calls.some((entry) => entry.view.callId === call.callId);
      if (!known) return call.state === 'ended' ? state : { ...state, calls: [...state.calls, newEntry(call)] };
      // An `ended` view stays until `callEnded` brings the reason; the panels hide it meanwhile.
      return updateEntry(state, call.callId, (entry) => ({ ...entry, view: call }));
    }
    case 'callEnded':
      return endCall(state, action);
    case 'callLevelsMeasured': {
      const { callId, ...levels } = action.levels;
      return updateEntry(state, callId, (entry) => ({ ...entry, levels }));
    }
    case 'callStatisticsUpdated':
      return updateEntry(state, action.callId, (entry) => ({ ...entry, statistics: action.statistics }));
    case 'dtmfReceived':
      return updateEntry(state, action.callId, (entry) => ({ ...entry, receivedDigits: lastDigits(entry.receivedDigits + action.digit) }));
    case 'dtmfSent':
      return updateEntry(state, action.callId, (entry) => ({ ...entry, sentDigits: lastDigits(entry.sentDigits + action.digits) }));
    case 'audioDeviceReplaced': {
      const { callId, ...replacement } = action.replacement;
      return updateEntry(state, callId, (entry) => ({
        ...entry,
        deviceReplacements: [...entry.deviceReplacements.filter((shown) => shown.direction !== replacement.direction), replacement].sort(
          (a, b) => (a.direction === b.direction ? 0 : a.direction === 'input' ? -1 : 1),
        ),
      }));
    }
    case 'callOperationStarted':
      return updateEntry(state, action.callId, (entry) => ({
        ...entry,
        pending: entry.pending.includes(action.operation) ? entry.pending : [...entry.pending, action.operation],
        error: null,
      }));
    case 'callOperationFinished':
      return updateEntry(state, action.callId, (entry) => ({
        ...entry,
        pending: entry.pending.filter((operation) => operation !== action.operation),
        error: action.error ?? entry.error,
      }));
    case 'endedCallDismissed':
      return state.lastEnded?.callId === action.callId ? { ...state, lastEnded: null } : state;
    case 'transferStarted':
      return updateEntry(state, action.callId, (entry) => ({ ...entry, transfer: { phase: 'asking', target: action.target } }));
    case 'transferFinished':
      return updateEntry(state, action.callId, (entry) => {
        if (entry.transfer === null) return entry;
        const { target } = entry.transfer;
        return { ...entry, transfer: action.error === null ? { phase: 'accepted', target } : { phase: 'failed', target, error: action.error } };
      });
    case 'transferDismissed':
      // A transfer on its way cannot be taken back; only its outcome is cleared.
      return updateEntry(state, action.callId, (entry) => (entry.transfer?.phase === 'asking' ? entry : { ...entry, transfer: null }));
  }
}
