import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { TransferState } from '../state/calls-state.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import { partyKey } from '../view/party-key.js';
import { AddressOrBuddyField } from './address-or-buddy-field.js';
import { BusyButton } from './busy-button.js';
import { closeOnEscape } from './close-on-escape.js';

type Props = {
  id: string;
  /** The party of the call being transferred: not offered as a target. */
  remoteUri: string;
  /** The buddies to pick from; null while they are unknown. */
  contacts: readonly Contact[] | null;
  transfer: TransferState | null;
  onTransfer(uri: string): void;
  /** Cancel or Escape: the panel closes the form and gives the focus back. */
  onClose(): void;
};

/**
 * Where a blind transfer's target is given: any SIP address, or a buddy picked from the list
 * (which fills the address in). The request's progress and refusal show on the line below.
 */
export function TransferForm({ id, remoteUri, contacts, transfer, onTransfer, onClose }: Props) {
  const [uri, setUri] = useState('');
  const [checkError, setCheckError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const messageId = useId();
  const asking = transfer?.phase === 'asking';
  const partyOfCall = partyKey(remoteUri);
  const buddies = (contacts ?? []).filter((contact) => partyKey(contact.uri) !== partyOfCall);

  useEffect(() => inputRef.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (asking) return;
    const check = checkDialAddress(uri);
    if (check.state !== 'valid') {
      setCheckError(check.state === 'empty' ? 'Enter the SIP address to transfer to, or pick a buddy.' : check.message);
      inputRef.current?.focus();
      return;
    }
    setCheckError(null);
    onTransfer(check.uri);
  };

  const failure = checkError ?? (transfer?.phase === 'failed' ? transfer.error : null);
  const message = failure ?? (asking ? `Asking the other party to call ${transfer.target}…` : 'The other party is asked to call this address; your call ends when they are connected.');

  return (
    <form
      id={id}
      className="form-box transfer-form"
      aria-label="Transfer the call"
      onSubmit={submit}
      onKeyDown={closeOnEscape(onClose)}
      noValidate
      data-testid="transfer-form"
    >
      <AddressOrBuddyField
        fieldClassName="transfer-field"
        label="Transfer to"
        buddies={buddies}
        uri={uri}
        onUriChange={(next) => {
          setUri(next);
          setCheckError(null);
        }}
        inputRef={inputRef}
        invalid={failure !== null}
        messageId={messageId}
        buddyTestId="transfer-buddy"
        uriTestId="transfer-uri"
      >
        <BusyButton type="submit" className="button button-primary transfer-submit" busy={asking} icon="outgoing" label="Transfer call" busyLabel="Transferring…" />
        <button type="button" className="button button-quiet" onClick={onClose}>
          Cancel
        </button>
      </AddressOrBuddyField>
      <p id={messageId} className={failure !== null ? 'field-error' : 'field-hint'} role="status" data-testid="transfer-message">
        {message}
      </p>
    </form>
  );
}
