import { useEffect, useMemo, type Ref } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { CallCommands } from '../state/call-commands.js';
import { isRinging, type CallsState } from '../state/calls-state.js';
import type { CallNotificationsControl } from '../state/use-call-notifications.js';
import { useNow } from '../state/use-now.js';
import { callEndView } from '../view/call-end-view.js';
import { callListView } from '../view/call-list-view.js';
import { CallNotificationsOffer } from './call-notifications-offer.js';
import { CallPanel } from './call-panel.js';
import { Icon } from './icon.js';

/** How long the note on the last ended call stays before it clears itself. */
export const ENDED_CALL_SHOWN_MS = 10_000;

type Props = {
  calls: CallsState;
  commands: CallCommands;
  /** The call whose panel takes the keyboard focus when it shows (it was just answered). */
  focusCallId: string | null;
  onDismissEnded(callId: string): void;
  sectionRef?: Ref<HTMLElement>;
  /** The buddies, to name parties and pick transfer targets; null while unknown. */
  contacts?: readonly Contact[] | null;
  /** The offer to turn on call notifications, in the section's head. */
  notifications?: CallNotificationsControl;
};

/**
 * The calls in progress, one panel each: exactly one active, the others on hold with a Resume
 * that swaps; and a note on the last one that ended, in words.
 */
export function CallsSection({ calls, commands, focusCallId, onDismissEnded, sectionRef, contacts = null, notifications }: Props) {
  const list = useMemo(() => callListView(calls.calls, contacts ?? []), [calls.calls, contacts]);
  const ringing = calls.calls.some((entry) => isRinging(entry.view));
  const now = useNow(list.items.some((item) => item.entry.view.state === 'established'));
  const lastEnded = calls.lastEnded;
  const ended = lastEnded === null ? null : callEndView(lastEnded, contacts ?? []);

  useEffect(() => {
    if (lastEnded === null) return;
    const timer = setTimeout(() => onDismissEnded(lastEnded.callId), ENDED_CALL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [lastEnded, onDismissEnded]);

  return (
    <section ref={sectionRef} className="card calls-section" aria-labelledby="calls-heading" data-section="calls" tabIndex={-1}>
      <div className="card-head calls-head">
        <h2 id="calls-heading" className="card-title">
          <Icon name="phone" className="card-title-icon" />
          Calls
          {list.summary !== null && (
            <span className="count-badge calls-summary" data-testid="calls-summary">
              {list.summary}
            </span>
          )}
        </h2>
        {notifications !== undefined && <CallNotificationsOffer notifications={notifications} />}
      </div>
      {list.items.length === 0 ? (
        <p className="empty-state" data-testid="calls-empty">
          {ringing ? 'A call is ringing: answer or decline it at the top of the window.' : 'No calls. Calls you place or answer show here.'}
        </p>
      ) : (
        <ul className="call-list">
          {list.items.map((item) => (
            <li key={item.entry.view.callId}>
              <CallPanel
                entry={item.entry}
                now={now}
                commands={commands}
                takeFocus={item.entry.view.callId === focusCallId}
                contacts={contacts}
                slot={item.slot}
                swapsWith={item.swapsWith}
              />
            </li>
          ))}
        </ul>
      )}
      <div className={ended?.tone === 'failure' ? 'call-ended is-failure' : 'call-ended'} role="status" data-testid="last-call-ended" data-end-kind={ended?.kind}>
        {lastEnded !== null && ended !== null && (
          <>
            <Icon name={ended.tone === 'failure' ? 'warning' : 'info'} className="call-ended-icon" />
            <p className="call-ended-text">
              <span data-testid="last-call-ended-sentence">{ended.sentence}</span>
              {ended.detail !== null && (
                <span className="call-ended-detail" data-testid="last-call-ended-detail">
                  {' '}
                  ({ended.detail})
                </span>
              )}
            </p>
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss the note on the ended call"
              onClick={() => onDismissEnded(lastEnded.callId)}
            >
              <Icon name="close" />
            </button>
          </>
        )}
      </div>
    </section>
  );
}
