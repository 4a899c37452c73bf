import { useCallback, useMemo } from 'react';
import type { Contact, ParleyApi, Ringtone } from '../../shared/api-contract.js';
import { activeCallLabel, callListView } from '../view/call-list-view.js';
import { isRinging, type CallsState } from './calls-state.js';
import { useCallNotifications, type CallNotificationsControl } from './use-call-notifications.js';
import { useRingtone, type RingtoneControl } from './use-ringtone.js';

export type CallAlerts = {
  ringtone: RingtoneControl;
  notifications: CallNotificationsControl;
  /** Who the active call is with (answering or placing another puts it on hold), or null. */
  activeCallLabel: string | null;
};

/**
 * How the page alerts the user to incoming calls: the ringtone while any call rings, a
 * notification when nobody looks at the page, and what answering does to the call in progress.
 */
export function useCallAlerts(api: ParleyApi, calls: CallsState, ringtone: Ringtone | null, contacts: readonly Contact[] | null): CallAlerts {
  const ringing = useMemo(() => calls.calls.filter((entry) => isRinging(entry.view)), [calls.calls]);
  const known = useMemo(() => contacts ?? [], [contacts]);
  const active = useMemo(() => activeCallLabel(callListView(calls.calls, known)), [calls.calls, known]);
  const outputDevice = useCallback(async () => {
    const devices = await api.listAudioDevices({});
    return devices.ok ? devices.value.output : null;
  }, [api]);
  const ring = useRingtone({ ringing: ringing.length > 0, ringtone, outputDevice });
  // The ring already sounds in the page; the notification need not sound too.
  const notifications = useCallNotifications(ringing, known, ringtone !== 'off');
  return { ringtone: ring, notifications, activeCallLabel: active };
}
