import { useEffect, useRef, useState, type Ref } from 'react';
import type { CallHistory, Contact, HistoryEntry } from '../../shared/api-contract.js';
import type { DialState, Loaded } from '../state/app-state.js';
import type { BuddyCommands } from '../state/buddy-commands.js';
import { useNow } from '../state/use-now.js';
import {
  historyOutcomeText,
  historyOutcomeTone,
  historyPartyLabel,
  missedBadgeText,
  relativeTimeText,
  spokenHistoryOutcome,
  spokenMissedBadge,
} from '../view/history-view.js';
import { closeOnEscape } from './close-on-escape.js';
import { Icon, type IconName } from './icon.js';
import { ListLoadState } from './list-load-state.js';

/** How often "5 minutes ago" is brought up to date. */
const RELATIVE_TIME_REFRESH_MS = 30_000;

type Props = {
  history: Loaded<CallHistory>;
  contacts: readonly Contact[];
  dial: DialState;
  commands: Pick<BuddyCommands, 'markHistorySeen' | 'clearHistory'>;
  onCall(uri: string): void;
  onRetry(): void;
  sectionRef?: Ref<HTMLElement>;
};

export const HISTORY_EMPTY_TEXT = 'No calls yet. Calls you make and receive show here.';

/**
 * Every finished call, newest first, with a call-back button. Missed calls the user has not seen
 * are counted in the title; looking at the history (the focus or a click inside it) resets the count.
 */
export function HistorySection({ history, contacts, dial, commands, onCall, onRetry, sectionRef }: Props) {
  const [confirmingClear, setConfirmingClear] = useState(false);
  const [clearing, setClearing] = useState(false);
  const [clearError, setClearError] = useState<string | null>(null);
  const clearButtonRef = useRef<HTMLButtonElement>(null);
  const keepButtonRef = useRef<HTMLButtonElement>(null);
  const now = useNow(history.phase === 'ready' && history.value.entries.length > 0, RELATIVE_TIME_REFRESH_MS);
  const entries = history.phase === 'ready' ? history.value.entries : [];
  const missed = history.phase === 'ready' ? history.value.missedUnseen : 0;
  const badge = missedBadgeText(missed);

  const markSeen = () => {
    if (missed > 0) void commands.markHistorySeen();
  };

  useEffect(() => {
    if (confirmingClear) keepButtonRef.current?.focus();
  }, [confirmingClear]);

  const endConfirm = () => {
    setConfirmingClear(false);
    clearButtonRef.current?.focus();
  };

  const clear = async () => {
    if (clearing) return;
    setClearing(true);
    setClearError(null);
    const failure = await commands.clearHistory();
    setClearing(false);
    setConfirmingClear(false);
    setClearError(failure);
  };

  return (
    <section
      ref={sectionRef}
      className="card history"
      aria-labelledby="history-heading"
      data-section="history"
      tabIndex={-1}
      aria-busy={history.phase === 'loading'}
      onFocus={markSeen}
      onPointerDown={markSeen}
      data-testid="history"
    >
      <div className="card-head">
        <h2 id="history-heading" className="card-title">
          <Icon name="history" className="card-title-icon" />
          History
          {badge !== null && (
            <span className="count-badge count-badge-alert" data-testid="history-missed-badge">
              <span aria-hidden="true">{badge}</span>
              <span className="visually-hidden">, {spokenMissedBadge(missed)}</span>
            </span>
          )}
        </h2>
        {entries.length > 0 && !confirmingClear && (
          <button ref={clearButtonRef} type="button" className="button button-quiet" onClick={() => setConfirmingClear(true)}>
            Clear history
          </button>
        )}
      </div>

      {confirmingClear && (
        <div
          className="history-confirm"
          role="group"
          aria-labelledby="history-clear-question"
          onKeyDown={closeOnEscape(endConfirm)}
          data-testid="history-clear-confirm"
        >
          <p id="history-clear-question">
            {entries.length === 1 ? 'Clear the one call from the history?' : `Clear all ${entries.length} calls from the history?`} This cannot be undone.
          </p>
          <div className="field-row">
            <button type="button" className="button button-danger" aria-busy={clearing} aria-disabled={clearing || undefined} onClick={() => void clear()}>
              {clearing && <span className="spinner" aria-hidden="true" />}
              {clearing ? 'Clearing…' : 'Clear'}
            </button>
            <button ref={keepButtonRef} type="button" className="button" onClick={endConfirm}>
              Keep
            </button>
          </div>
        </div>
      )}
      {clearError !== null && (
        <p className="field-error" role="alert">
          {clearError}
        </p>
      )}

      {history.phase === 'loading' || history.phase === 'failed' ? (
        <ListLoadState phase={history.phase} what="the history" error={history.phase === 'failed' ? history.error.message : undefined} onRetry={onRetry} />
      ) : entries.length === 0 ? (
        <p className="empty-state" data-testid="history-empty">
          {HISTORY_EMPTY_TEXT}
        </p>
      ) : (
        <ul className="history-list" aria-label="Calls, newest first" data-testid="history-list">
          {entries.map((entry) => (
            <HistoryRow key={entry.id} entry={entry} contacts={contacts} now={now} dialBusy={dial.placing} onCall={onCall} />
          ))}
        </ul>
      )}
    </section>
  );
}

function directionIcon(entry: HistoryEntry): IconName {
  if (entry.outcome === 'missed') return 'missed';
  return entry.direction === 'incoming' ? 'incoming' : 'outgoing';
}

type RowProps = { entry: HistoryEntry; contacts: readonly Contact[]; now: number; dialBusy: boolean; onCall(uri: string): void };

function HistoryRow({ entry, contacts, now, dialBusy, onCall }: RowProps) {
  const party = historyPartyLabel(entry, contacts);
  const tone = historyOutcomeTone(entry);
  const startedAt = new Date(entry.startedAt);
  return (
    <li className="history-row" data-testid="history-entry" data-outcome={entry.outcome} data-direction={entry.direction}>
      <span className={`history-direction history-tone-${tone}`} title={entry.direction === 'incoming' ? 'Incoming call' : 'Outgoing call'}>
        <Icon name={directionIcon(entry)} />
      </span>
      <div className="history-main">
        <p className="history-party">
          <span className="visually-hidden">{entry.direction === 'incoming' ? 'Incoming call from ' : 'Outgoing call to '}</span>
          <span className={party.isContact ? 'history-name' : 'history-name history-address'} data-testid="history-party">
            {party.label}
          </span>
        </p>
        <p className="history-meta">
          <span className={`history-outcome history-tone-${tone}`}>
            <span aria-hidden="true" data-testid="history-outcome">
              {historyOutcomeText(entry)}
            </span>
            <span className="visually-hidden">{spokenHistoryOutcome(entry)}</span>
          </span>
          <span aria-hidden="true"> · </span>
          <time dateTime={startedAt.toISOString()} title={startedAt.toLocaleString()}>
            {relativeTimeText(entry.startedAt, now)}
          </time>
        </p>
      </div>
      <button
        type="button"
        className="icon-button history-call"
        aria-label={`Call back ${party.label}`}
        title="Call back"
        aria-disabled={dialBusy || undefined}
        onClick={() => {
          if (!dialBusy) onCall(entry.remoteUri);
        }}
      >
        <Icon name="phone" />
      </button>
    </li>
  );
}
