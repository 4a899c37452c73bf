import { useId } from 'react';
import type { CallNotificationsControl } from '../state/use-call-notifications.js';
import { Icon } from './icon.js';

/**
 * Asks, once and only when pressed, whether calls may show desktop notifications. Nothing
 * shows when they are on, unsupported, or were turned off before this page: never nag.
 */
export function CallNotificationsOffer({ notifications }: { notifications: CallNotificationsControl }) {
  const { access, asking, declinedNow, enable } = notifications;
  const whyId = useId();
  if (declinedNow) {
    return (
      <p className="notifications-offer-note" role="status" data-testid="notifications-declined">
        Notifications stay off; the browser’s site settings can allow them later.
      </p>
    );
  }
  if (access !== 'default') return null;
  return (
    <>
      <button
        type="button"
        className="button button-quiet button-compact"
        aria-busy={asking}
        aria-disabled={asking || undefined}
        aria-describedby={whyId}
        onClick={() => {
          if (!asking) enable();
        }}
        data-testid="enable-notifications"
      >
        {asking ? <span className="spinner" aria-hidden="true" /> : <Icon name="info" />}
        Enable call notifications
      </button>
      <span id={whyId} className="visually-hidden">
        Shows a notification when a call rings while this window is hidden or in the background.
      </span>
    </>
  );
}
