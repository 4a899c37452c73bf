import type { ParleyApi } from '../../shared/api-contract.js';
import { coreNoticeKey, type AppAction } from './app-state.js';
import { takeDialRequests } from './take-dial-requests.js';

/**
 * Turns every core event into app actions; returns the function that unsubscribes them all.
 * `now` stamps the end of a call and each audio test reading, so the reducer stays pure.
 */
export function subscribeCoreEvents(api: ParleyApi, dispatch: (action: AppAction) => void, now: () => number = Date.now): () => void {
  const unsubscribers = [
    api.on('profileChanged', (profile) => dispatch({ type: 'profileChanged', profile })),
    api.on('networkStatusChanged', (network) => dispatch({ type: 'networkStatusChanged', network })),
    api.on('muteChanged', ({ muted }) => dispatch({ type: 'muteChanged', muted })),
    api.on('noticeRaised', (notice) => dispatch({ type: 'noticeRaised', notice })),
    api.on('noticeDismissed', ({ id }) => dispatch({ type: 'noticeDismissed', key: coreNoticeKey(id) })),
    // The event only says that a link is waiting; taking it makes sure each link is shown once.
    api.on('dialRequested', () => void takeDialRequests(api, dispatch)),
    api.on('callUpdated', (call) => dispatch({ type: 'callUpdated', call })),
    api.on('callEnded', (ended) => dispatch({ type: 'callEnded', ended, at: now() })),
    api.on('callLevelsMeasured', (levels) => dispatch({ type: 'callLevelsMeasured', levels })),
    api.on('callStatisticsUpdated', ({ callId, statistics }) => dispatch({ type: 'callStatisticsUpdated', callId, statistics })),
    api.on('dtmfReceived', ({ callId, digit }) => dispatch({ type: 'dtmfReceived', callId, digit })),
    api.on('audioDeviceReplaced', (replacement) => dispatch({ type: 'audioDeviceReplaced', replacement })),
    api.on('historyChanged', (history) => dispatch({ type: 'historyLoaded', history })),
    api.on('ringtoneChanged', ({ ringtone }) => dispatch({ type: 'ringtoneChanged', ringtone })),
    // The whole list, changed in another window or restored from the identity's copy in the DHT.
    api.on('contactsChanged', (contacts) => dispatch({ type: 'contactsLoaded', contacts })),
    api.on('presenceChanged', ({ status }) => dispatch({ type: 'ownPresenceChanged', status })),
    api.on('buddyPresenceChanged', (presence) => dispatch({ type: 'buddyPresenceChanged', presence })),
    api.on('audioTestLevelsMeasured', (levels) => dispatch({ type: 'audioTestLevelsMeasured', reading: { ...levels, at: now() } })),
    api.on('conferenceUpdated', (conference) => dispatch({ type: 'conferenceUpdated', conference })),
    api.on('conferenceEnded', (ended) => dispatch({ type: 'conferenceEnded', ended })),
    api.on('conferenceSpeakersChanged', (speakers) => dispatch({ type: 'conferenceSpeakersChanged', speakers })),
  ];
  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
