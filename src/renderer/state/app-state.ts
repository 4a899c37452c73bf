import type { ApiError, AppInfo, CallHistory, CallView, Contact, EventPayload, NetworkStatus, Notice, Profile } from '../../shared/api-contract.js';
import type { CoreLinkState } from '../core/core-connection.js';
import { initialCallsState, reduceCallsState, type CallsAction, type CallsState } from './calls-state.js';
import { initialConferencesState, reduceConferencesState, type ConferencesAction, type ConferencesState } from './conferences-state.js';
import type { Ringtone } from '../../shared/api-contract.js';
import { initialPresenceState, reducePresenceState, type PresenceAction, type PresenceState } from './presence-state.js';

/** Everything the UI fetches from the core in one go, at start and after every reconnect. */
export type Snapshot = {
  appInfo: AppInfo;
  profile: Profile;
  network: NetworkStatus;
  muted: boolean;
  notices: readonly Notice[];
  /** The calls in progress, oldest first. */
  calls: readonly CallView[];
};

/** A notice as shown: from the core, or raised by the UI itself (a command that failed). */
export type NoticeEntry = Notice & { key: string; origin: 'core' | 'ui' };

/** A reading of the audio test (settings), stamped with when it arrived, to tell it from an earlier test's. */
export type AudioTestReading = EventPayload<'audioTestLevelsMeasured'> & { at: number };

export type LoadState = { phase: 'loading' } | { phase: 'failed'; error: ApiError } | { phase: 'ready' };

/**
 * A list fetched on its own (the buddies, the history): a failure shows in its card and does not
 * keep the rest of the app from loading. A failed refresh keeps what was shown, with the error.
 */
export type Loaded<T> =
  | { phase: 'loading' }
  | { phase: 'failed'; error: ApiError }
  | { phase: 'ready'; value: T; refreshError: ApiError | null };

export type DialState = {
  /** What is in the dialer's address field. */
  uri: string;
  /** The URI of the last opened `sip:` link, or null if none was opened. */
  linkUri: string | null;
  /** Bumped by every `dialRequested`, so the dialer can bring itself forward even for the same URI. */
  requestCount: number;
  /** A `placeCall` is on its way to the core. */
  placing: boolean;
  /** Why the last `placeCall` was refused, as a sentence; cleared by editing the address. */
  placeError: string | null;
};

export type AppState = {
  link: CoreLinkState;
  /** `loading` until the first snapshot; stays `ready` across reconnects so the layout never jumps. */
  load: LoadState;
  /** Bumped to ask for the snapshot again (the Retry button). */
  loadRequestCount: number;
  appInfo: AppInfo | null;
  profile: Profile | null;
  network: NetworkStatus | null;
  muted: boolean | null;
  notices: readonly NoticeEntry[];
  /** Keys of core notices dismissed here, so a refetch racing the core's own dismissal cannot bring them back. */
  dismissedNoticeKeys: readonly string[];
  dial: DialState;
  calls: CallsState;
  /** The buddies, in the order the core keeps them. */
  contacts: Loaded<readonly Contact[]>;
  history: Loaded<CallHistory>;
  /** What rings for incoming calls; null until the core said (calls then ring with its default). */
  ringtone: Ringtone | null;
  /** The user's own status and the buddies' presence. */
  presence: PresenceState;
  /** The audio test's latest reading, whichever UI started it; null before the first. */
  audioTest: AudioTestReading | null;
  /** The conferences this node hosts or joined, loaded on their own like the buddies. */
  conferences: ConferencesState;
};

export type AppAction =
  | { type: 'linkChanged'; link: CoreLinkState }
  | { type: 'snapshotLoaded'; snapshot: Snapshot }
  | { type: 'snapshotFailed'; error: ApiError }
  | { type: 'reloadRequested' }
  | { type: 'profileChanged'; profile: Profile }
  | { type: 'networkStatusChanged'; network: NetworkStatus }
  | { type: 'muteChanged'; muted: boolean }
  | { type: 'noticeRaised'; notice: Notice }
  | { type: 'commandFailed'; what: string; error: ApiError }
  | { type: 'noticeDismissed'; key: string }
  | { type: 'dialRequested'; uri: string }
  | { type: 'dialAddressEdited'; uri: string }
  | { type: 'callPlacing' }
  | { type: 'callPlaceFinished'; error: string | null }
  | { type: 'contactsLoaded'; contacts: readonly Contact[] }
  | { type: 'contactsFailed'; error: ApiError }
  | { type: 'historyLoaded'; history: CallHistory }
  | { type: 'historyFailed'; error: ApiError }
  | { type: 'ringtoneChanged'; ringtone: Ringtone }
  | { type: 'audioTestLevelsMeasured'; reading: AudioTestReading }
  | PresenceAction
  | ConferencesAction
  | CallsAction;

export function initialAppState(link: CoreLinkState): AppState {
  return {
    link,
    load: { phase: 'loading' },
    loadRequestCount: 0,
    appInfo: null,
    profile: null,
    network: null,
    muted: null,
    notices: [],
    dismissedNoticeKeys: [],
    dial: { uri: '', linkUri: null, requestCount: 0, placing: false, placeError: null },
    calls: initialCallsState(),
    contacts: { phase: 'loading' },
    history: { phase: 'loading' },
    ringtone: null,
    presence: initialPresenceState(),
    audioTest: null,
    conferences: initialConferencesState(),
  };
}

function loadedValue<T>(value: T): Loaded<T> {
  return { phase: 'ready', value, refreshError: null };
}

function loadFailed<T>(loaded: Loaded<T>, error: ApiError): Loaded<T> {
  return loaded.phase === 'ready' ? { ...loaded, refreshError: error } : { phase: 'failed', error };
}

function noticeEntry(notice: Notice, origin: NoticeEntry['origin']): NoticeEntry {
  // A core notice is known by its id (dismissing it tells the core); the UI's own ones by content.
  const key = origin === 'core' ? coreNoticeKey(notice.id) : `ui|${notice.level}|${notice.code}|${notice.message}`;
  return { ...notice, origin, key };
}

export function coreNoticeKey(id: string): string {
  return `core|${id}`;
}

/** Adds `entry` unless it is already shown or was dismissed. */
function withNotice(state: AppState, entry: NoticeEntry): readonly NoticeEntry[] {
  if (state.dismissedNoticeKeys.includes(entry.key)) return state.notices;
  if (state.notices.some((shown) => shown.key === entry.key)) return state.notices;
  return [...state.notices, entry];
}

/** The UI's state: every change from the core, the transport or the user is one action here. */
export function reduceAppState(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'linkChanged':
      return { ...state, link: action.link };
    case 'snapshotLoaded': {
      const { snapshot } = action;
      // The core's list is the truth for core notices; the UI's own ones stay until dismissed.
      const fromCore = snapshot.notices
        .map((notice) => noticeEntry(notice, 'core'))
        .filter((entry) => !state.dismissedNoticeKeys.includes(entry.key))
        .filter((entry, index, all) => all.findIndex((other) => other.key === entry.key) === index);
      return {
        ...state,
        load: { phase: 'ready' },
        appInfo: snapshot.appInfo,
        profile: snapshot.profile,
        network: snapshot.network,
        muted: snapshot.muted,
        notices: [...fromCore, ...state.notices.filter((entry) => entry.origin === 'ui')],
        calls: reduceCallsState(state.calls, { type: 'callsListed', calls: snapshot.calls }),
      };
    }
    case 'snapshotFailed':
      if (state.load.phase === 'ready') {
        const notice = { id: '', level: 'warning', code: action.error.code, message: `Could not refresh from the core: ${action.error.message}` } as const;
        return { ...state, notices: withNotice(state, noticeEntry(notice, 'ui')) };
      }
      return { ...state, load: { phase: 'failed', error: action.error } };
    case 'reloadRequested':
      return {
        ...state,
        load: state.load.phase === 'ready' ? state.load : { phase: 'loading' },
        loadRequestCount: state.loadRequestCount + 1,
      };
    case 'profileChanged':
      return { ...state, profile: action.profile };
    case 'networkStatusChanged':
      return { ...state, network: action.network };
    case 'muteChanged':
      return { ...state, muted: action.muted };
    case 'noticeRaised':
      return { ...state, notices: withNotice(state, noticeEntry(action.notice, 'core')) };
    case 'commandFailed': {
      const notice = { id: '', level: 'error', code: action.error.code, message: `${action.what}: ${action.error.message}` } as const;
      return { ...state, notices: withNotice(state, noticeEntry(notice, 'ui')) };
    }
    case 'noticeDismissed': {
      const dismissed = state.notices.find((entry) => entry.key === action.key);
      if (!dismissed) return state;
      return {
        ...state,
        notices: state.notices.filter((entry) => entry.key !== action.key),
        // UI notices may come back if the same thing fails again; core ones must not reappear on refetch.
        dismissedNoticeKeys:
          dismissed.origin === 'core' ? [...state.dismissedNoticeKeys, dismissed.key] : state.dismissedNoticeKeys,
      };
    }
    case 'dialRequested':
      return {
        ...state,
        dial: { ...state.dial, uri: action.uri, linkUri: action.uri, requestCount: state.dial.requestCount + 1, placeError: null },
      };
    case 'dialAddressEdited':
      return { ...state, dial: { ...state.dial, uri: action.uri, placeError: null } };
    case 'callPlacing':
      return { ...state, dial: { ...state.dial, placing: true, placeError: null } };
    case 'callPlaceFinished':
      return { ...state, dial: { ...state.dial, placing: false, placeError: action.error } };
    case 'contactsLoaded':
      return { ...state, contacts: loadedValue(action.contacts), presence: reducePresenceState(state.presence, action) };
    case 'buddyPresenceListed':
    case 'buddyPresenceChanged':
    case 'ownPresenceChanged':
      return { ...state, presence: reducePresenceState(state.presence, action) };
    case 'contactsFailed':
      return { ...state, contacts: loadFailed(state.contacts, action.error) };
    case 'historyLoaded':
      return { ...state, history: loadedValue(action.history) };
    case 'historyFailed':
      return { ...state, history: loadFailed(state.history, action.error) };
    case 'ringtoneChanged':
      return { ...state, ringtone: action.ringtone };
    case 'audioTestLevelsMeasured':
      return { ...state, audioTest: action.reading };
    case 'conferencesListed':
    case 'conferencesFailed':
    case 'conferenceUpdated':
    case 'conferenceStarted':
    case 'conferenceViewReturned':
    case 'conferenceEnded':
    case 'conferenceLeft':
    case 'conferenceSpeakersChanged':
    case 'conferenceOperationStarted':
    case 'conferenceOperationFinished':
    case 'endedConferenceDismissed':
      return { ...state, conferences: reduceConferencesState(state.conferences, action) };
    default:
      return { ...state, calls: reduceCallsState(state.calls, action) };
  }
}
