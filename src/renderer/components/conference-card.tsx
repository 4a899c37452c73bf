import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { ConferenceCommands } from '../state/conference-commands.js';
import { isConferenceOver, operationKey, type ConferenceEntry } from '../state/conferences-state.js';
import {
  conferenceEndSentence,
  conferenceStateLabel,
  conferenceTitle,
  memberCountText,
  memberLabel,
  orderedMembers,
} from '../view/conference-view.js';
import { BusyButton } from './busy-button.js';
import { closeOnEscape } from './close-on-escape.js';
import { ConferenceAddress } from './conference-address.js';
import { ConferenceInviteForm } from './conference-invite-form.js';
import { ConferenceMemberRow } from './conference-member-row.js';
import { Icon } from './icon.js';
import { useConferenceAnnouncement } from './use-conference-announcement.js';
import { useFocusRescue } from './use-focus-rescue.js';

/** How long the card of an ended conference stays, with why it ended, before it clears itself. */
export const ENDED_CONFERENCE_SHOWN_MS = 30_000;

type Props = {
  entry: ConferenceEntry;
  /** The buddies, to name members and to pick whom to invite; null while unknown. */
  contacts: readonly Contact[] | null;
  commands: ConferenceCommands;
  /** Move the keyboard focus here when the card appears (it was just created or joined here). */
  takeFocus?: boolean;
  /** Open the QR code from the start (it was just created here). */
  showQrAtFirst?: boolean;
};

/** One conference: what and whose it is, its address, the live roster, and what can be done in it. */
export function ConferenceCard({ entry, contacts, commands, takeFocus = false, showQrAtFirst = false }: Props) {
  const { view } = entry;
  const { uri } = view;
  const buddies = contacts ?? [];
  const over = isConferenceOver(entry);
  const host = view.role === 'host';
  const active = view.state === 'active' && !over;
  const title = conferenceTitle(view, buddies);
  const members = useMemo(() => orderedMembers(view.members), [view.members]);
  const announcement = useConferenceAnnouncement(view, buddies);
  const [inviteOpen, setInviteOpen] = useState(false);
  const [confirmingEnd, setConfirmingEnd] = useState(false);
  const cardRef = useRef<HTMLElement>(null);
  const inviteButtonRef = useRef<HTMLButtonElement>(null);
  const leaveButtonRef = useRef<HTMLButtonElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const inviteId = useId();
  const confirmId = useId();
  const pending = (key: string) => entry.pending.includes(key);
  const leaving = pending(operationKey({ kind: 'leave' }));
  const locking = pending(operationKey({ kind: 'lock' }));

  useEffect(() => {
    if (takeFocus) cardRef.current?.focus();
  }, [takeFocus]);

  useEffect(() => {
    if (confirmingEnd) keepRef.current?.focus();
  }, [confirmingEnd]);

  const { dismissEnded } = commands;
  useEffect(() => {
    if (!over) return;
    const timer = setTimeout(() => dismissEnded(uri), ENDED_CONFERENCE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [over, uri, dismissEnded]);

  // A removed member's row, or the controls of a conference that ended, may have had the focus.
  useFocusRescue([over ? 'over' : 'live', ...members.map((member) => member.memberId)].join('\n'), cardRef);

  const closeInvite = () => {
    setInviteOpen(false);
    inviteButtonRef.current?.focus();
  };
  const closeConfirm = () => {
    setConfirmingEnd(false);
    leaveButtonRef.current?.focus();
  };
  const leave = () => {
    if (leaving) return;
    if (host && view.members.some((member) => !member.self)) setConfirmingEnd((open) => !open);
    else void commands.leave(uri);
  };

  const stateTone = over ? 'ended' : view.state === 'joining' ? 'pending' : 'live';
  const others = view.members.filter((member) => !member.self).length;

  return (
    <section
      ref={cardRef}
      className={over ? 'conference-card is-over' : 'conference-card'}
      aria-labelledby={headingId}
      tabIndex={-1}
      data-testid="conference-card"
      data-conference-uri={uri}
      data-role={view.role}
      data-state={over ? 'ended' : view.state}
      data-locked={String(view.locked)}
    >
      <div className="conference-card-head">
        <h3 id={headingId} className="conference-title" data-testid="conference-title">
          {title}
        </h3>
        <p className="conference-status">
          <span className={`conference-state conference-state-${stateTone}`} data-testid="conference-state">
            <span className="status-dot" aria-hidden="true" />
            {over ? 'Ended' : conferenceStateLabel(view)}
          </span>
          {view.locked && !over && (
            <span className="badge conference-locked" data-testid="conference-locked">
              <Icon name="lock" />
              Locked
            </span>
          )}
          {!over && (
            <span className="count-badge conference-count" data-testid="conference-member-count">
              {memberCountText(view.members.length)}
            </span>
          )}
        </p>
      </div>

      {over ? (
        <div className="conference-ended" role="status" data-testid="conference-ended">
          <Icon name="info" className="conference-ended-icon" />
          <p className="conference-ended-text">{endedText(entry)}</p>
          <button type="button" className="icon-button" aria-label={`Dismiss the note on ${title}`} onClick={() => commands.dismissEnded(uri)} data-testid="conference-dismiss">
            <Icon name="close" />
          </button>
        </div>
      ) : (
        <>
          <ConferenceAddress uri={uri} showQrAtFirst={showQrAtFirst} />

          {members.length === 0 ? (
            <p className="conference-roster-waiting" role="status">
              <span className="spinner" aria-hidden="true" />
              {view.state === 'joining' ? 'Connecting to the conference…' : 'Waiting for the roster…'}
            </p>
          ) : (
            <ul className="conference-roster" aria-label={`Members of ${title}`} data-testid="conference-roster">
              {members.map((member) => (
                <ConferenceMemberRow
                  key={member.memberId}
                  member={member}
                  label={memberLabel(member, buddies)}
                  hostControls={host && active}
                  muteBusy={pending(operationKey({ kind: 'mute', memberId: member.memberId }))}
                  removeBusy={pending(operationKey({ kind: 'remove', memberId: member.memberId }))}
                  onSetMuted={(muted) => void commands.setMemberMuted(uri, member.memberId, muted)}
                  onRemove={() => void commands.removeMember(uri, member.memberId)}
                />
              ))}
            </ul>
          )}

          <div className="conference-controls" role="group" aria-label={`Controls of ${title}`}>
            <button
              ref={inviteButtonRef}
              type="button"
              className="button button-compact"
              disabled={!active}
              aria-expanded={inviteOpen && active}
              aria-controls={inviteOpen && active ? inviteId : undefined}
              onClick={() => (inviteOpen ? closeInvite() : setInviteOpen(true))}
              data-testid="conference-invite"
            >
              <Icon name="plus" />
              Invite a buddy
            </button>
            {host && (
              <BusyButton
                className="button button-compact"
                disabled={!active}
                busy={locking}
                icon={view.locked ? 'unlock' : 'lock'}
                label={view.locked ? 'Unlock' : 'Lock'}
                busyLabel={view.locked ? 'Unlock' : 'Lock'}
                title={view.locked ? 'Let new members join again' : 'Turn away anyone new who tries to join'}
                onClick={() => {
                  if (!locking) void commands.setLocked(uri, !view.locked);
                }}
                data-testid="conference-lock"
              />
            )}
            <BusyButton
              ref={leaveButtonRef}
              className="button button-compact button-danger conference-leave"
              busy={leaving}
              icon="hangUp"
              label={host ? 'End conference for everyone' : 'Leave'}
              busyLabel={host ? 'Ending…' : 'Leaving…'}
              aria-expanded={host && others > 0 ? confirmingEnd : undefined}
              aria-controls={confirmingEnd ? confirmId : undefined}
              onClick={leave}
              data-testid="conference-leave"
            />
          </div>

          {confirmingEnd && !leaving && (
            <div
              id={confirmId}
              className="conference-end-confirm"
              role="group"
              aria-labelledby={`${confirmId}-text`}
              onKeyDown={closeOnEscape(closeConfirm)}
              data-testid="conference-end-confirm"
            >
              <p id={`${confirmId}-text`} className="conference-confirm-text">
                End the conference for everyone? {others === 1 ? 'The other member’s call ends' : `The calls of all ${others} other members end`}.
              </p>
              <div className="field-row">
                <button
                  type="button"
                  className="button button-compact button-danger"
                  onClick={() => {
                    setConfirmingEnd(false);
                    leaveButtonRef.current?.focus();
                    void commands.leave(uri);
                  }}
                  data-testid="conference-end-confirm-yes"
                >
                  End for everyone
                </button>
                <button ref={keepRef} type="button" className="button button-compact" onClick={closeConfirm}>
                  Keep it going
                </button>
              </div>
            </div>
          )}

          {inviteOpen && active && (
            <ConferenceInviteForm id={inviteId} members={view.members} contacts={contacts} onInvite={(invitee) => commands.invite(uri, invitee)} onClose={closeInvite} />
          )}

          <p className="field-error conference-error" role="alert" data-testid="conference-error">
            {entry.error}
          </p>
          <p className="visually-hidden" role="status" data-testid="conference-announcement">
            {announcement}
          </p>
        </>
      )}
    </section>
  );
}

function endedText(entry: ConferenceEntry): string {
  const { ended, view } = entry;
  if (ended?.byYou) return view.role === 'host' ? 'You ended the conference for everyone.' : 'You left the conference.';
  return conferenceEndSentence(ended?.reason ?? '');
}
