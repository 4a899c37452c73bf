import { useId } from 'react';
import type { CallCommands } from '../state/call-commands.js';
import type { CallEntry } from '../state/calls-state.js';
import { addressKind } from '../view/call-view.js';
import { Icon } from './icon.js';

type Props = {
  /** Incoming calls that ring, oldest first. */
  calls: readonly CallEntry[];
  commands: CallCommands;
  /** Told when Answer is pressed, so the call's panel can take the focus once it shows. */
  onAnswer(callId: string): void;
};

/**
 * Incoming calls that wait for an answer. They float over the top right corner, so a call
 * that rings never pushes the page about, and come early in the tab order.
 */
export function RingingCalls({ calls, commands, onAnswer }: Props) {
  return (
    <div className="ringing-calls" aria-live="assertive" data-testid="ringing-calls">
      {calls.map((entry) => (
        <RingingPanel key={entry.view.callId} entry={entry} commands={commands} onAnswer={onAnswer} />
      ))}
    </div>
  );
}

function RingingPanel({ entry, commands, onAnswer }: { entry: CallEntry; commands: CallCommands; onAnswer(callId: string): void }) {
  const { callId, remoteUri } = entry.view;
  const headingId = useId();
  const answering = entry.pending.includes('answer');
  const declining = entry.pending.includes('hangUp');
  return (
    <section className="ringing-panel" aria-labelledby={headingId} data-testid="ringing-panel" data-call-id={callId}>
      <h2 id={headingId} className="ringing-title">
        <span className="ringing-bell" aria-hidden="true">
          <Icon name="phone" />
        </span>
        Incoming call{' '}
        <span className="ringing-state">Ringing…</span>
      </h2>
      <p className="ringing-from">
        <span className="field-label">From {addressKind(remoteUri) === 'parley' ? 'a Parley address' : 'a SIP address'}</span>{' '}
        <code className="call-remote-uri" data-testid="ringing-remote-uri">
          {remoteUri}
        </code>
      </p>
      <div className="ringing-actions">
        <button
          type="button"
          className="button button-good"
          aria-label={`Answer the call from ${remoteUri}`}
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
          aria-label={`Decline the call from ${remoteUri}`}
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
      <p className="field-error" role="alert" data-testid="ringing-error">
        {entry.error}
      </p>
    </section>
  );
}
