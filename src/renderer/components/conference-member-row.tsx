import { useEffect, useId, useRef, useState } from 'react';
import type { ConferenceMember } from '../../shared/api-contract.js';
import type { MemberLabel } from '../view/conference-view.js';
import { closeOnEscape } from './close-on-escape.js';
import { Icon } from './icon.js';
import { SpeakingIndicator } from './speaking-indicator.js';

type Props = {
  member: ConferenceMember;
  label: MemberLabel;
  /** This node hosts the conference: the row offers Mute and Remove (not on the host's own row). */
  hostControls: boolean;
  muteBusy: boolean;
  removeBusy: boolean;
  onSetMuted(muted: boolean): void;
  onRemove(): void;
};

/** One member of the roster: who, host and "you" marks, muted, speaking, and the host's controls. */
export function ConferenceMemberRow({ member, label, hostControls, muteBusy, removeBusy, onSetMuted, onRemove }: Props) {
  const [confirming, setConfirming] = useState(false);
  const removeRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const confirmTextId = useId();
  const wasConfirming = useRef(confirming);
  const controls = hostControls && !member.self;
  const name = label.source === 'claimed' ? `“${label.text}”` : label.text;

  useEffect(() => {
    // The safe choice takes the focus: Enter right after "Remove" must not remove anyone.
    if (confirming) keepRef.current?.focus();
    else if (wasConfirming.current) removeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  return (
    <li
      className={['conference-member', member.speaking && !member.muted && 'is-speaking', member.muted && 'is-muted'].filter(Boolean).join(' ')}
      data-testid="conference-member"
      data-member-id={member.memberId}
      data-speaking={String(member.speaking)}
      data-muted={String(member.muted)}
    >
      <SpeakingIndicator speaking={member.speaking} muted={member.muted} />
      <div className="conference-member-main">
        <p className="conference-member-name">
          <span
            className="conference-member-label"
            title={label.source === 'claimed' ? 'The name they gave; not checked' : label.source === 'buddy' ? member.uri : undefined}
            data-testid="conference-member-name"
          >
            {name}
          </span>
          {member.role === 'host' && <span className="badge conference-badge-host">Host</span>}
          {member.self && <span className="badge conference-badge-you">You</span>}
          {member.muted && (
            <span className="conference-member-muted" title="Muted">
              <Icon name="micOff" />
              <span className="visually-hidden">, muted</span>
            </span>
          )}
          {member.speaking && !member.muted && <span className="visually-hidden">, speaking</span>}
        </p>
        {label.source !== 'address' && <code className="conference-member-uri">{member.uri}</code>}
      </div>
      {controls && !confirming && (
        <div className="conference-member-actions">
          <button
            type="button"
            className={member.muted ? 'button button-compact is-muted' : 'button button-compact'}
            aria-label={`${member.muted ? 'Unmute' : 'Mute'} ${label.text}`}
            aria-busy={muteBusy}
            aria-disabled={muteBusy || undefined}
            onClick={() => {
              if (!muteBusy) onSetMuted(!member.muted);
            }}
            data-testid="member-mute"
          >
            {muteBusy ? <span className="spinner" aria-hidden="true" /> : <Icon name={member.muted ? 'mic' : 'micOff'} />}
            <span className="conference-member-mute-label">{member.muted ? 'Unmute' : 'Mute'}</span>
          </button>
          <button
            ref={removeRef}
            type="button"
            className="icon-button"
            aria-label={`Remove ${label.text} from the conference`}
            title="Remove from the conference"
            aria-busy={removeBusy}
            aria-disabled={removeBusy || undefined}
            onClick={() => {
              if (!removeBusy) setConfirming(true);
            }}
            data-testid="member-remove"
          >
            {removeBusy ? <span className="spinner" aria-hidden="true" /> : <Icon name="close" />}
          </button>
        </div>
      )}
      {controls && confirming && (
        <div
          className="conference-member-confirm"
          role="group"
          aria-labelledby={confirmTextId}
          onKeyDown={closeOnEscape(() => setConfirming(false))}
          data-testid="member-remove-confirm"
        >
          <p id={confirmTextId} className="conference-confirm-text">
            Remove <strong>{label.text}</strong>? Their call ends.
          </p>
          <button
            type="button"
            className="button button-compact button-danger"
            onClick={() => {
              setConfirming(false);
              onRemove();
            }}
            data-testid="member-remove-confirm-yes"
          >
            Remove
          </button>
          <button ref={keepRef} type="button" className="button button-compact" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      )}
    </li>
  );
}
