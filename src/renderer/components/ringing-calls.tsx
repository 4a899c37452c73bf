import { useId, useRef, useState } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { CallCommands } from '../state/call-commands.js';
import type { CallEntry } from '../state/calls-state.js';
import type { RingtoneIndicator } from '../state/use-ringtone.js';
import { callParty, partyLabel, type CallParty } from '../view/caller-view.js';
import { Icon } from './icon.js';

type Props = {
  /** Incoming calls that ring, oldest first. */
  calls: readonly CallEntry[];
  commands: CallCommands;
  /** Told when Answer is pressed, so the call's panel can take the focus once it shows. */
  onAnswer(callId: string): void;
  /** The buddies, to tell a buddy from a stranger; null while they are unknown (nothing is claimed then). */
  contacts?: readonly Contact[] | null;
  /** Adds the caller to the buddies; resolves to null, or to the sentence saying why not. */
  onAddBuddy?(uri: string, displayName: string): Promise<string | null>;
  /** What the ring sounds like, for `data-ringtone` (end-to-end tests read it) and the hint when it is held back. */
  ringtone?: RingtoneIndicator;
  /** Who the call in progress is with (answering puts it on hold), or null. */
  activeCallLabel?: string | null;
};

/**
 * Incoming calls that wait for an answer. They float over the top right corner, so a call
 * that rings never pushes the page about, and come early in the tab order.
 */
export function RingingCalls({ calls, commands, onAnswer, contacts = null, onAddBuddy, ringtone = 'idle', activeCallLabel = null }: Props) {
  return (
    <div className="ringing-calls" aria-live="assertive" data-testid="ringing-calls">
      {calls.map((entry) => (
        <RingingPanel
          key={entry.view.callId}
          entry={entry}
          party={callParty(entry.view, contacts ?? [])}
          contactsKnown={contacts !== null}
          commands={commands}
          onAnswer={onAnswer}
          onAddBuddy={onAddBuddy}
          ringtone={ringtone}
          activeCallLabel={activeCallLabel}
        />
      ))}
    </div>
  );
}

type PanelProps = {
  entry: CallEntry;
  party: CallParty;
  contactsKnown: boolean;
  commands: CallCommands;
  onAnswer(callId: string): void;
  onAddBuddy: Props['onAddBuddy'];
  ringtone: RingtoneIndicator;
  activeCallLabel: string | null;
};

function RingingPanel({ entry, party, contactsKnown, commands, onAnswer, onAddBuddy, ringtone, activeCallLabel }: PanelProps) {
  const { callId, remoteUri } = entry.view;
  const headingId = useId();
  const answerRef = useRef<HTMLButtonElement>(null);
  const [adding, setAdding] = useState(false);
  const [addError, setAddError] = useState<string | null>(null);
  const answering = entry.pending.includes('answer');
  const declining = entry.pending.includes('hangUp');
  const who = partyLabel(party);

  const addBuddy = async () => {
    if (adding || onAddBuddy === undefined) return;
    setAdding(true);
    setAddError(null);
    const failure = await onAddBuddy(remoteUri, party.nameSource === 'claimed' ? (party.name ?? '') : '');
    setAdding(false);
    setAddError(failure);
    // The button goes with the mark; the focus goes to what comes next, answering.
    if (failure === null) answerRef.current?.focus();
  };

  return (
    <section className="ringing-panel" aria-labelledby={headingId} data-testid="ringing-panel" data-call-id={callId} data-ringtone={ringtone}>
      <h2 id={headingId} className="ringing-title">
        <span className="ringing-bell" aria-hidden="true">
          <Icon name="phone" />
        </span>
        Incoming call{' '}
        <span className="ringing-state">Ringing…</span>
      </h2>
      {party.name !== null && (
        <p
          className="ringing-caller-name"
          title={party.nameSource === 'claimed' ? 'The name the caller gave; not checked' : undefined}
          data-testid="ringing-caller-name"
        >
          {party.nameSource === 'claimed' ? `“${party.name}”` : party.name}
        </p>
      )}
      <p className="ringing-from">
        <span className="field-label">From {party.kind === 'parley' ? 'a Parley address' : 'a SIP address'}</span>{' '}
        <code className="call-remote-uri" data-testid="ringing-remote-uri">
          {remoteUri}
        </code>
      </p>
      <div className="ringing-buddy" data-testid="ringing-buddy">
        {!contactsKnown ? null : party.buddy !== null ? (
          <span className="buddy-mark is-buddy" data-testid="ringing-is-buddy">
            <Icon name="check" />
            In your buddies
          </span>
        ) : (
          <>
            <span className="buddy-mark is-stranger" data-testid="ringing-not-buddy">
              <Icon name="warning" />
              Not in your buddies
            </span>
            {onAddBuddy !== undefined && (
              <button
                type="button"
                className="button button-quiet button-compact"
                aria-label={`Add ${who} to your buddies`}
                aria-busy={adding}
                aria-disabled={adding || undefined}
                onClick={() => void addBuddy()}
                data-testid="ringing-add-buddy"
              >
                {adding ? <span className="spinner" aria-hidden="true" /> : <Icon name="plus" />}
                Add to buddies
              </button>
            )}
          </>
        )}
      </div>
      <div className="ringing-actions">
        <button
          ref={answerRef}
          type="button"
          className="button button-good"
          aria-label={`Answer the call from ${who}`}
          aria-busy={answering}
          aria-disabled={answering || declining || undefined}
          onClick={() => {
            if (answering || declining) return;
            onAnswer(callId);
            void commands.answerCall(callId);
          }}
        >
          {answering ? <span className="spinner" aria-hidden="true" /> : <Icon name="phone" />}
          {answering ? 'Answering…' : 'Answer'}
        </button>
        <button
          type="button"
          className="button button-danger"
          aria-label={`Decline the call from ${who}`}
          aria-busy={declining}
          aria-disabled={answering || declining || undefined}
          onClick={() => {
            if (!answering && !declining) void commands.hangUp(callId);
          }}
        >
          {declining ? <span className="spinner" aria-hidden="true" /> : <Icon name="hangUp" />}
          {declining ? 'Declining…' : 'Decline'}
        </button>
      </div>
      {activeCallLabel !== null && (
        <p className="field-hint ringing-hint" data-testid="ringing-holds-hint">
          Answering puts the call with {activeCallLabel} on hold.
        </p>
      )}
      {ringtone === 'blocked' && (
        <p className="field-hint ringing-hint" data-testid="ringtone-blocked">
          The browser holds the ringtone back until you click or type in this page.
        </p>
      )}
      <p className="field-error" role="alert" data-testid="ringing-error">
        {entry.error ?? addError}
      </p>
    </section>
  );
}
