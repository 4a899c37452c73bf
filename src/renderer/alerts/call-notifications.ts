import type { CallParty } from '../view/caller-view.js';

/** Whether the person can see the page: the tab is shown, and the window has the focus. */
export type PageAttention = { visible: boolean; focused: boolean };

/** The page's Notification permission, or `unsupported` where the API is missing. */
export type NotificationAccess = 'default' | 'granted' | 'denied' | 'unsupported';

/** A call rings where nobody looks: a notification is what tells them. */
export function pageIsUnattended(attention: PageAttention): boolean {
  return !attention.visible || !attention.focused;
}

export type NotificationPlan = {
  /** Calls to notify about now. */
  show: string[];
  /** Open notifications to close: their call stopped ringing, or the page is looked at again. */
  close: string[];
  /** Calls that stopped ringing: forgotten, so the record of notified calls does not grow. */
  forget: string[];
};

/**
 * Which notifications to show and close. Each ringing call is notified at most once, and only
 * while the page is hidden or unfocused and the user allowed notifications: never spam.
 */
export function notificationPlan(
  ringing: readonly string[],
  notified: ReadonlySet<string>,
  open: ReadonlySet<string>,
  attention: PageAttention,
  access: NotificationAccess,
): NotificationPlan {
  const unattended = pageIsUnattended(attention);
  const ringingNow = new Set(ringing);
  return {
    show: access === 'granted' && unattended ? ringing.filter((callId) => !notified.has(callId)) : [],
    close: [...open].filter((callId) => !ringingNow.has(callId) || !unattended),
    forget: [...notified].filter((callId) => !ringingNow.has(callId)),
  };
}

/** Notifications with the same tag replace each other, so one call never shows twice. */
export function notificationTag(callId: string): string {
  return `parley-call-${callId}`;
}

/** What the notification says: who calls, their address, and whether they are a buddy. */
export function callNotificationContent(party: CallParty): { title: string; body: string } {
  const title = party.name === null ? 'Incoming call' : `${party.name} is calling`;
  const lines = [party.uri.length > 120 ? `${party.uri.slice(0, 119)}…` : party.uri];
  if (party.buddy === null) lines.push('Not in your buddies');
  return { title, body: lines.join('\n') };
}
