import { useCallback, useMemo, useRef, useState } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { CallEntry } from '../state/calls-state.js';
import type { ConferenceCommands } from '../state/conference-commands.js';
import { isConferenceOver, type ConferencesState } from '../state/conferences-state.js';
import { callStateLabel } from '../view/call-view.js';
import { conferenceKey, dialledConferenceCalls } from '../view/conference-view.js';
import { ConferenceCard } from './conference-card.js';
import { ConferenceJoinForm } from './conference-join-form.js';
import { ConferenceNewForm } from './conference-new-form.js';
import { Icon } from './icon.js';
import { ListLoadState } from './list-load-state.js';
import { useFocusRescue } from './use-focus-rescue.js';

export const CONFERENCES_EMPTY_TEXT = 'No conferences. Ones you host or join will show here.';

type Props = {
  conferences: ConferencesState;
  /** The calls in progress: one to a conference shows here as joining until its card arrives. */
  calls: readonly CallEntry[];
  /** The buddies, to name members and to invite them; null while unknown. */
  contacts: readonly Contact[] | null;
  commands: ConferenceCommands;
};

/** Hosting and joining conferences, and a card for each one this node hosts or is in. */
export function ConferencesSection({ conferences, calls, contacts, commands }: Props) {
  const sectionRef = useRef<HTMLElement>(null);
  // The card to bring forward: the one just created or joined here (a created one opens its QR code).
  const [focusUri, setFocusUri] = useState<string | null>(null);
  const [createdUris, setCreatedUris] = useState<readonly string[]>([]);
  const entries = conferences.conferences;
  const liveUris = useMemo(() => entries.filter((entry) => !isConferenceOver(entry)).map((entry) => entry.view.uri), [entries]);
  const dialled = useMemo(() => dialledConferenceCalls(calls.map((entry) => entry.view), liveUris), [calls, liveUris]);
  const { list } = conferences;
  const focusKey = focusUri === null ? null : conferenceKey(focusUri);
  const listError = list.phase === 'failed' ? list.error : list.phase === 'ready' ? list.refreshError : null;

  useFocusRescue(entries.map((entry) => entry.view.uri).join('\n'), sectionRef);

  const onCreated = useCallback((uri: string) => {
    setCreatedUris((known) => [...known, conferenceKey(uri)]);
    setFocusUri(uri);
  }, []);

  return (
    <section ref={sectionRef} className="card conferences" aria-labelledby="conferences-heading" data-section="conferences" tabIndex={-1} aria-busy={list.phase === 'loading'}>
      <div className="card-head">
        <h2 id="conferences-heading" className="card-title">
          <Icon name="conference" className="card-title-icon" />
          Conferences
          {liveUris.length > 0 && (
            <span className="count-badge" data-testid="conference-count">
              {liveUris.length}
            </span>
          )}
        </h2>
      </div>

      <div className="conference-start">
        <ConferenceNewForm onCreate={commands.create} onCreated={onCreated} />
        <ConferenceJoinForm liveUris={liveUris} onJoin={commands.join} onJoined={setFocusUri} />
      </div>

      {list.phase !== 'ready' && entries.length === 0 && dialled.length === 0 ? (
        <ListLoadState phase={list.phase} what="your conferences" error={list.phase === 'failed' ? list.error.message : undefined} onRetry={() => void commands.load()} />
      ) : entries.length === 0 && dialled.length === 0 ? (
        <p className="empty-state" data-testid="conferences-empty">
          {CONFERENCES_EMPTY_TEXT}
        </p>
      ) : (
        <ul className="conference-list" aria-label="Your conferences">
          {dialled.map((call) => (
            <li key={call.callId}>
              <div className="conference-card is-dialled" data-testid="conference-dialled" data-call-id={call.callId}>
                <p className="conference-dialled-text">
                  <span className="spinner" aria-hidden="true" />
                  <span className="conference-dialled-state">Joining a conference: {callStateLabel(call)}</span>
                </p>
                <code className="conference-uri conference-dialled-uri">{call.remoteUri}</code>
                <p className="field-hint">The call is in Calls; the roster shows here once you are in.</p>
              </div>
            </li>
          ))}
          {entries.map((entry) => {
            const key = conferenceKey(entry.view.uri);
            return (
              <li key={key}>
                <ConferenceCard
                  entry={entry}
                  contacts={contacts}
                  commands={commands}
                  takeFocus={key === focusKey}
                  showQrAtFirst={createdUris.includes(key)}
                />
              </li>
            );
          })}
        </ul>
      )}
      {listError !== null && (entries.length > 0 || dialled.length > 0) && (
        <p className="note" role="status">
          Could not refresh your conferences: {listError.message}
        </p>
      )}
    </section>
  );
}
