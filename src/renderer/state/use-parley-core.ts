import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import type { ApiError } from '../../shared/api-contract.js';
import type { CoreConnection } from '../core/core-connection.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import { initialAppState, reduceAppState, type AppState } from './app-state.js';
import { createBuddyCommands, type BuddyCommands } from './buddy-commands.js';
import { createCallCommands, type CallCommands } from './call-commands.js';
import { createConferenceCommands, type ConferenceCommands } from './conference-commands.js';
import { loadSnapshot } from './load-snapshot.js';
import { createPresenceCommands, type PresenceCommands } from './presence-commands.js';
import { createRingtoneCommands, type RingtoneCommands } from './ringtone-commands.js';
import { subscribeCoreEvents } from './subscribe-core-events.js';
import { takeDialRequests } from './take-dial-requests.js';

export type CoreActions = {
  /** Resolves to null on success, or the error to show beside the field. */
  setDisplayName(displayName: string): Promise<string | null>;
  setMuted(muted: boolean): void;
  dismissNotice(key: string): void;
  editDialAddress(uri: string): void;
  retryLoad(): void;
  calls: CallCommands;
  /** Calls an address from elsewhere than the dialer (a buddy, the history): through the dialer, which shows it and its progress. */
  callAddress(uri: string): void;
  buddies: BuddyCommands;
  /** The user's own status (the buddies' presence arrives by itself). */
  presence: PresenceCommands;
  /** Clears the line about the last ended call (it clears itself after a while too). */
  dismissEndedCall(callId: string): void;
  /** The ringtone setting (what plays is `useRingtone`'s). */
  ringtone: RingtoneCommands;
  conferences: ConferenceCommands;
};

/**
 * Binds the app state to a core connection: subscribes to its events, fetches the snapshot
 * whenever the link comes up (so a reconnect refreshes everything) and wraps the commands.
 */
export function useParleyCore(connection: CoreConnection): { state: AppState; actions: CoreActions } {
  const [state, dispatch] = useReducer(reduceAppState, connection.state, initialAppState);
  const { api } = connection;

  useEffect(() => {
    dispatch({ type: 'linkChanged', link: connection.state });
    return connection.onStateChanged((link) => dispatch({ type: 'linkChanged', link }));
  }, [connection]);

  useEffect(() => subscribeCoreEvents(api, dispatch), [api]);

  const calls = useMemo(() => createCallCommands(api, dispatch), [api]);
  const buddies = useMemo(() => createBuddyCommands(api, dispatch), [api]);
  const presence = useMemo(() => createPresenceCommands(api, dispatch), [api]);
  const ringtone = useMemo(() => createRingtoneCommands(api, dispatch), [api]);
  const conferences = useMemo(() => createConferenceCommands(api, dispatch), [api]);

  useEffect(() => {
    if (state.link !== 'connected') return;
    let current = true;
    // The lists load on their own: the app works without them, and each card shows its failure.
    void buddies.loadLists();
    void presence.loadPresence();
    void ringtone.load();
    void conferences.load();
    void loadSnapshot(api).then((result) => {
      if (!current) return;
      if (result.ok) {
        dispatch({ type: 'snapshotLoaded', snapshot: result.value });
        void takeDialRequests(api, dispatch);
      }
      // A link lost mid-load is reported by the banner, and the reconnect loads again.
      else if (result.error.code !== 'UNAVAILABLE' || connection.state === 'connected') {
        dispatch({ type: 'snapshotFailed', error: result.error });
      }
    });
    return () => {
      current = false;
    };
  }, [api, buddies, presence, ringtone, conferences, connection, state.link, state.loadRequestCount]);

  const muteInFlight = useRef(false);
  const dismissEndedCall = useCallback((callId: string) => dispatch({ type: 'endedCallDismissed', callId }), []);

  const reportFailure = useCallback((what: string, error: ApiError) => {
    dispatch({ type: 'commandFailed', what, error: { ...error, message: apiErrorMessage(error) } });
  }, []);

  const actions = useMemo<CoreActions>(
    () => ({
      async setDisplayName(displayName) {
        const result = await api.setDisplayName({ displayName });
        if (!result.ok) return apiErrorMessage(result.error);
        dispatch({ type: 'profileChanged', profile: result.value });
        return null;
      },
      setMuted(muted) {
        // One change at a time: a double click must not race two opposite requests.
        if (muteInFlight.current) return;
        muteInFlight.current = true;
        void api.setMuted({ muted }).then((result) => {
          muteInFlight.current = false;
          if (result.ok) dispatch({ type: 'muteChanged', muted: result.value.muted });
          else reportFailure(muted ? 'Could not mute' : 'Could not unmute', result.error);
        });
      },
      dismissNotice(key) {
        const notice = state.notices.find((entry) => entry.key === key);
        dispatch({ type: 'noticeDismissed', key });
        // A core notice is dismissed in the core too, for every UI and for the next load.
        if (notice?.origin === 'core') void api.dismissNotice({ id: notice.id });
      },
      editDialAddress(uri) {
        dispatch({ type: 'dialAddressEdited', uri });
      },
      retryLoad() {
        dispatch({ type: 'reloadRequested' });
      },
      calls,
      callAddress(uri) {
        dispatch({ type: 'dialAddressEdited', uri });
        void calls.placeCall(uri);
      },
      buddies,
      presence,
      dismissEndedCall,
      ringtone,
      conferences,
    }),
    [api, buddies, presence, calls, ringtone, conferences, dismissEndedCall, reportFailure, state.notices],
  );

  return { state, actions };
}
