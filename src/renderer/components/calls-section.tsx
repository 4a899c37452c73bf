import { useEffect, type Ref } from 'react';
import type { CallCommands } from '../state/call-commands.js';
import { isRinging, type CallsState } from '../state/calls-state.js';
import { useNow } from '../state/use-now.js';
import { endedCallText } from '../view/call-view.js';
import { CallPanel } from './call-panel.js';
import { Icon } from './icon.js';

/** How long the line about the last ended call stays before it clears itself. */
export const ENDED_CALL_SHOWN_MS = 10_000;

type Props = {
  calls: CallsState;
  commands: CallCommands;
  /** The call whose panel takes the keyboard focus when it shows (it was just answered). */
  focusCallId: string | null;
  onDismissEnded(callId: string): void;
  sectionRef?: Ref<HTMLElement>;
};

/** The calls in progress, one panel each, and a line on the last one that ended. */
export function CallsSection({ calls, commands, focusCallId, onDismissEnded, sectionRef }: Props) {
  const shown = calls.calls.filter((entry) => entry.view.state !== 'ended' && !isRinging(entry.view));
  const ringing = calls.calls.some((entry) => isRinging(entry.view));
  const now = useNow(shown.some((entry) => entry.view.state === 'established'));
  const lastEnded = calls.lastEnded;

  useEffect(() => {
    if (lastEnded === null) return;
    const timer = setTimeout(() => onDismissEnded(lastEnded.callId), ENDED_CALL_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [lastEnded, onDismissEnded]);

  return (
    <section ref={sectionRef} className="card calls-section" aria-labelledby="calls-heading" data-section="calls" tabIndex={-1}>
      <h2 id="calls-heading" className="card-title">
        <Icon name="phone" className="card-title-icon" />
        Calls
      </h2>
      {shown.length === 0 ? (
        <p className="empty-state" data-testid="calls-empty">
          {ringing ? 'A call is ringing: answer or decline it at the top of the window.' : 'No calls. Calls you place or answer show here.'}
        </p>
      ) : (
        <ul className="call-list">
          {shown.map((entry) => (
            <li key={entry.view.callId}>
              <CallPanel entry={entry} now={now} commands={commands} takeFocus={entry.view.callId === focusCallId} />
            </li>
          ))}
        </ul>
      )}
      <div className="call-ended" role="status" data-testid="last-call-ended">
        {lastEnded !== null && (
          <>
            <p className="call-ended-text">{endedCallText(lastEnded)}</p>
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
