import type { ApiError, ConferenceView, EventPayload } from '../../shared/api-contract.js';
import { conferenceKey } from '../view/conference-view.js';

/** What a conference card asks of the core: one of each at a time (mute and remove: per member). */
export type ConferenceOperation =
  | { kind: 'leave' }
  | { kind: 'lock' }
  | { kind: 'mute'; memberId: string }
  | { kind: 'remove'; memberId: string };

/** The operation as the card looks it up: `leave`, `lock`, `mute|<memberId>`, `remove|<memberId>`. */
export function operationKey(operation: ConferenceOperation): string {
  return operation.kind === 'mute' || operation.kind === 'remove' ? `${operation.kind}|${operation.memberId}` : operation.kind;
}

/** Why a conference ended, kept on its card until dismissed. */
export type ConferenceEnd = {
  /** The core's reason ('' when it gave none). */
  reason: string;
  /** The user left it (or, as its host, ended it for everyone) from this UI. */
  byYou: boolean;
};

export type ConferenceEntry = {
  view: ConferenceView;
  /** Keys (operationKey) of requests asked of the core and not answered yet. */
  pending: readonly string[];
  /** The last failed request, as a sentence; cleared when the next one starts. */
  error: string | null;
  /** Set once it ended; the card then shows why, until dismissed. */
  ended: ConferenceEnd | null;
};

export type ConferencesState = {
  /** `loading` until `listConferences` first answered; a failed refresh keeps the list and says so. */
  list: { phase: 'loading' } | { phase: 'failed'; error: ApiError } | { phase: 'ready'; refreshError: ApiError | null };
  /** In the order they became known; a conference keeps its place while it lives and after it ended. */
  conferences: readonly ConferenceEntry[];
};

export type ConferencesAction =
  | { type: 'conferencesListed'; conferences: readonly ConferenceView[] }
  | { type: 'conferencesFailed'; error: ApiError }
  /** The core's event: its events arrive in order, so this view is the newest and may be a re-join of an ended one. */
  | { type: 'conferenceUpdated'; conference: ConferenceView }
  /** The answer to create, join or merge: a conference the user just started or entered. */
  | { type: 'conferenceStarted'; conference: ConferenceView }
  /** The answer to another request (mute, remove, lock): may be older than an end it raced with. */
  | { type: 'conferenceViewReturned'; conference: ConferenceView }
  | { type: 'conferenceEnded'; ended: EventPayload<'conferenceEnded'> }
  | { type: 'conferenceLeft'; uri: string }
  | { type: 'conferenceSpeakersChanged'; speakers: EventPayload<'conferenceSpeakersChanged'> }
  | { type: 'conferenceOperationStarted'; uri: string; operation: ConferenceOperation }
  | { type: 'conferenceOperationFinished'; uri: string; operation: ConferenceOperation; error: string | null }
  | { type: 'endedConferenceDismissed'; uri: string };

export function initialConferencesState(): ConferencesState {
  return { list: { phase: 'loading' }, conferences: [] };
}

/** Whether the card shows a conference as over (the end event, the user's own leave, or an `ended` view). */
export function isConferenceOver(entry: ConferenceEntry): boolean {
  return entry.ended !== null || entry.view.state === 'ended';
}

function newEntry(view: ConferenceView): ConferenceEntry {
  return { view, pending: [], error: null, ended: null };
}

function indexOf(state: ConferencesState, uri: string): number {
  const key = conferenceKey(uri);
  return state.conferences.findIndex((entry) => conferenceKey(entry.view.uri) === key);
}

/** Applies `change` to the entry of `uri`; an unknown conference leaves the state as it is. */
function updateEntry(state: ConferencesState, uri: string, change: (entry: ConferenceEntry) => ConferenceEntry): ConferencesState {
  const index = indexOf(state, uri);
  const entry = state.conferences[index];
  if (entry === undefined) return state;
  const next = change(entry);
  if (next === entry) return state;
  const conferences = [...state.conferences];
  conferences[index] = next;
  return { ...state, conferences };
}

/** Adds `view`, or replaces the one with its URI; `revive` lets it bring an ended conference back (a re-join). */
function upsert(state: ConferencesState, view: ConferenceView, revive: boolean): ConferencesState {
  if (indexOf(state, view.uri) === -1) return { ...state, conferences: [...state.conferences, newEntry(view)] };
  return updateEntry(state, view.uri, (entry) => {
    if (!isConferenceOver(entry)) return { ...entry, view };
    return revive && view.state !== 'ended' ? newEntry(view) : entry;
  });
}

function listed(state: ConferencesState, views: readonly ConferenceView[]): ConferencesState {
  const byKey = new Map(views.map((view) => [conferenceKey(view.uri), view]));
  const known = new Set<string>();
  const conferences: ConferenceEntry[] = [];
  for (const entry of state.conferences) {
    const key = conferenceKey(entry.view.uri);
    const view = byKey.get(key);
    known.add(key);
    // An ended one keeps its note: the listing may have been made before the end it crossed.
    if (isConferenceOver(entry)) conferences.push(entry);
    // A live one the core no longer lists is gone (the core restarted, or it ended unseen).
    else if (view !== undefined) conferences.push({ ...entry, view });
  }
  for (const view of views) if (!known.has(conferenceKey(view.uri))) conferences.push(newEntry(view));
  return { list: { phase: 'ready', refreshError: null }, conferences };
}

/** The conferences as the UI shows them: every conference event, answer and request is one action here. */
export function reduceConferencesState(state: ConferencesState, action: ConferencesAction): ConferencesState {
  switch (action.type) {
    case 'conferencesListed':
      return listed(state, action.conferences);
    case 'conferencesFailed':
      return { ...state, list: state.list.phase === 'ready' ? { ...state.list, refreshError: action.error } : { phase: 'failed', error: action.error } };
    case 'conferenceUpdated':
      return upsert(state, action.conference, true);
    case 'conferenceStarted':
      return upsert(state, action.conference, true);
    case 'conferenceViewReturned':
      return indexOf(state, action.conference.uri) === -1 ? state : upsert(state, action.conference, false);
    case 'conferenceEnded':
      return updateEntry(state, action.ended.uri, (entry) =>
        entry.ended !== null ? entry : { ...entry, pending: [], ended: { reason: action.ended.reason, byYou: false } },
      );
    case 'conferenceLeft':
      return updateEntry(state, action.uri, (entry) => ({ ...entry, ended: { reason: entry.ended?.reason ?? '', byYou: true } }));
    case 'conferenceSpeakersChanged': {
      const speaking = new Set(action.speakers.speaking);
      return updateEntry(state, action.speakers.uri, (entry) => {
        if (isConferenceOver(entry)) return entry;
        const changed = entry.view.members.some((member) => member.speaking !== speaking.has(member.memberId));
        if (!changed) return entry;
        // Only the flags change: the roster itself is the last full view's.
        const members = entry.view.members.map((member) => ({ ...member, speaking: speaking.has(member.memberId) }));
        return { ...entry, view: { ...entry.view, members } };
      });
    }
    case 'conferenceOperationStarted': {
      const key = operationKey(action.operation);
      return updateEntry(state, action.uri, (entry) => ({
        ...entry,
        pending: entry.pending.includes(key) ? entry.pending : [...entry.pending, key],
        error: null,
      }));
    }
    case 'conferenceOperationFinished': {
      const key = operationKey(action.operation);
      return updateEntry(state, action.uri, (entry) => ({
        ...entry,
        pending: entry.pending.filter((pending) => pending !== key),
        error: action.error ?? entry.error,
      }));
    }
    case 'endedConferenceDismissed': {
      const index = indexOf(state, action.uri);
      const entry = state.conferences[index];
      if (entry === undefined || !isConferenceOver(entry)) return state;
      return { ...state, conferences: state.conferences.filter((_, at) => at !== index) };
    }
  }
}
