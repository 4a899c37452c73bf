import { useCallback, useEffect, useRef, useState } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import { callNotificationContent, notificationPlan, notificationTag, type NotificationAccess, type PageAttention } from '../alerts/call-notifications.js';
import { callParty } from '../view/caller-view.js';
import type { CallEntry } from './calls-state.js';

export type CallNotificationsControl = {
  access: NotificationAccess;
  /** The browser is asking the user (its permission prompt is open). */
  asking: boolean;
  /** The user just said no in this page: said once, then never asked again. */
  declinedNow: boolean;
  /** Asks for permission; call it only from a click, as browsers require. */
  enable(): void;
};

function readAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function readAttention(): PageAttention {
  return { visible: document.visibilityState === 'visible', focused: document.hasFocus() };
}

/**
 * Desktop notifications for calls that ring while nobody looks at the page (the browser's
 * Notification API; Electron shows the same as a system notification). One per ringing call at
 * most, closed when the call stops ringing or the page is looked at; a click brings the window
 * forward. Permission is asked only when the user presses "Enable call notifications".
 */
export function useCallNotifications(ringing: readonly CallEntry[], contacts: readonly Contact[], silent: boolean): CallNotificationsControl {
  const [access, setAccess] = useState<NotificationAccess>(readAccess);
  const [asking, setAsking] = useState(false);
  const [declinedNow, setDeclinedNow] = useState(false);
  const [attention, setAttention] = useState<PageAttention>(() => ({ visible: true, focused: true }));
  const notified = useRef(new Set<string>());
  const open = useRef(new Map<string, Notification>());

  useEffect(() => {
    const update = () => setAttention(readAttention());
    update();
    document.addEventListener('visibilitychange', update);
    window.addEventListener('focus', update);
    window.addEventListener('blur', update);
    return () => {
      document.removeEventListener('visibilitychange', update);
      window.removeEventListener('focus', update);
      window.removeEventListener('blur', update);
    };
  }, []);

  useEffect(() => {
    const plan = notificationPlan(
      ringing.map((entry) => entry.view.callId),
      notified.current,
      new Set(open.current.keys()),
      attention,
      access,
    );
    for (const callId of plan.close) {
      open.current.get(callId)?.close();
      open.current.delete(callId);
    }
    for (const callId of plan.forget) notified.current.delete(callId);
    for (const callId of plan.show) {
      const entry = ringing.find((candidate) => candidate.view.callId === callId);
      if (entry === undefined) continue;
      notified.current.add(callId);
      const { title, body } = callNotificationContent(callParty(entry.view, contacts));
      try {
        const notification = new Notification(title, { body, tag: notificationTag(callId), silent });
        notification.addEventListener('click', () => {
          window.focus();
          notification.close();
        });
        notification.addEventListener('close', () => open.current.delete(callId));
        open.current.set(callId, notification);
      } catch {
        // Some browsers allow notifications only from a service worker: the ringing panel remains.
      }
    }
  }, [ringing, contacts, attention, access, silent]);

  useEffect(() => {
    const shown = open.current;
    return () => {
      for (const notification of shown.values()) notification.close();
      shown.clear();
    };
  }, []);

  const enable = useCallback(() => {
    if (typeof Notification === 'undefined' || Notification.permission !== 'default') return;
    setAsking(true);
    void Notification.requestPermission()
      .then((answer) => {
        setAccess(answer);
        setDeclinedNow(answer === 'denied');
      })
      .catch(() => setAccess(readAccess()))
      .finally(() => setAsking(false));
  }, []);

  return { access, asking, declinedNow, enable };
}
