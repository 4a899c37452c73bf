import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConferenceMember, Contact } from '../../shared/api-contract.js';
import { partyKey } from '../view/party-key.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import { contactLabel } from '../view/contact-view.js';
import { AddressOrBuddyField } from './address-or-buddy-field.js';
import { BusyButton } from './busy-button.js';
import { closeOnEscape } from './close-on-escape.js';

type Props = {
  id: string;
  /** Who is in already: not offered from the buddy list. */
  members: readonly ConferenceMember[];
  /** The buddies to pick from; null while they are unknown. */
  contacts: readonly Contact[] | null;
  /** Resolves to null once the focus is calling them, or to the sentence why not. */
  onInvite(invitee: string): Promise<string | null>;
  /** Cancel or Escape: the card closes the form and gives the focus back. */
  onClose(): void;
};

type Outcome = { kind: 'invited'; who: string } | { kind: 'failed'; message: string };

/**
 * Brings someone in: a buddy picked from the list or any SIP address. The focus calls them
 * (a member's request reaches the focus as a REFER, RFC 4579 §5.5); the form stays open for
 * the next one and says who is being called.
 */
export function ConferenceInviteForm({ id, members, contacts, onInvite, onClose }: Props) {
  const [uri, setUri] = useState('');
  const [inviting, setInviting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const messageId = useId();
  const inside = new Set(members.map((member) => partyKey(member.uri)));
  const buddies = (contacts ?? []).filter((contact) => !inside.has(partyKey(contact.uri)));

  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inviting) return;
    const check = checkDialAddress(uri);
    if (check.state !== 'valid') {
      setOutcome({ kind: 'failed', message: check.state === 'empty' ? 'Pick a buddy or enter the SIP address to invite.' : check.message });
      inputRef.current?.focus();
      return;
    }
    const buddy = buddies.find((contact) => partyKey(contact.uri) === partyKey(check.uri));
    setInviting(true);
    setOutcome(null);
    const failure = await onInvite(check.uri);
    setInviting(false);
    if (failure === null) {
      setOutcome({ kind: 'invited', who: buddy === undefined ? check.uri : contactLabel(buddy) });
      setUri('');
    } else {
      setOutcome({ kind: 'failed', message: failure });
    }
  };

  const failed = outcome?.kind === 'failed';
  const message = inviting
    ? 'Asking the conference to call them…'
    : outcome?.kind === 'failed'
      ? outcome.message
      : outcome?.kind === 'invited'
        ? `Calling ${outcome.who} into the conference. They show in the roster once they answer.`
        : 'The conference calls them; they join when they answer.';

  return (
    <form
      id={id}
      className="conference-invite-form"
      aria-label="Invite someone into the conference"
      onSubmit={(event) => void submit(event)}
      onKeyDown={closeOnEscape(onClose)}
      noValidate
      data-testid="conference-invite-form"
    >
      <AddressOrBuddyField
        fieldClassName="conference-invite-field"
        label="Invite"
        buddies={buddies}
        uri={uri}
        onUriChange={(next) => {
          setUri(next);
          setOutcome(null);
        }}
        inputRef={inputRef}
        invalid={failed}
        messageId={messageId}
        buddyTestId="conference-invite-buddy"
        uriTestId="conference-invite-uri"
      >
        <BusyButton
          type="submit"
          className="button button-primary conference-invite-submit"
          busy={inviting}
          icon="plus"
          label="Invite"
          busyLabel="Inviting…"
          data-testid="conference-invite-submit"
        />
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </AddressOrBuddyField>
      <p id={messageId} className={failed ? 'field-error' : 'field-hint'} role="status" data-testid="conference-invite-message">
        {message}
      </p>
    </form>
  );
}
