import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import { checkBuddyName, contactLabel, findContact } from '../view/contact-view.js';

type Props = {
  contacts: readonly Contact[];
  /** Resolves to null when saved, else the sentence to show. */
  onSave(uri: string, displayName: string): Promise<string | null>;
  /** The form closes: `added` names the buddy when one was saved. */
  onClose(added: string | null): void;
};

/** Adds a buddy by SIP URI, with an optional name; an address already in the list is renamed. */
export function BuddyAddForm({ contacts, onSave, onClose }: Props) {
  const [uri, setUri] = useState('');
  const [name, setName] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const uriRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const ids = { uri: useId(), uriMessage: useId(), name: useId(), nameMessage: useId() };

  useEffect(() => uriRef.current?.focus(), []);

  const uriCheck = checkDialAddress(uri);
  const nameCheck = checkBuddyName(name);
  const existing = uriCheck.state === 'valid' ? findContact(contacts, uriCheck.uri) : undefined;
  const uriMessage =
    uriCheck.state === 'invalid'
      ? { error: true, text: uriCheck.message }
      : uriCheck.state === 'empty' && submitted
        ? { error: true, text: 'Enter the SIP address of the buddy.' }
        : existing !== undefined
          ? { error: false, text: `Already a buddy (${contactLabel(existing)}): adding renames them.` }
          : { error: false, text: 'A Parley address (sip:…@parley.invalid) or any SIP URI.' };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    setSubmitted(true);
    if (uriCheck.state !== 'valid') {
      uriRef.current?.focus();
      return;
    }
    if (nameCheck.state !== 'valid') {
      nameRef.current?.focus();
      return;
    }
    setSaving(true);
    setError(null);
    const failure = await onSave(uriCheck.uri, nameCheck.displayName);
    setSaving(false);
    if (failure === null) onClose(nameCheck.displayName || uriCheck.uri);
    else setError(failure);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose(null);
    }
  };

  return (
    <form className="buddy-add-form" onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown} noValidate aria-label="Add a buddy" data-testid="buddy-add-form">
      <div className="buddy-add-fields">
        <div>
          <label className="field-label" htmlFor={ids.uri}>
            SIP address
          </label>
          <input
            ref={uriRef}
            id={ids.uri}
            className="text-input"
            type="text"
            inputMode="url"
            placeholder="sip:someone@example.org"
            autoComplete="off"
            spellCheck={false}
            value={uri}
            aria-invalid={uriMessage.error}
            aria-describedby={ids.uriMessage}
            onChange={(event) => {
              setUri(event.target.value);
              setError(null);
            }}
            data-testid="buddy-add-uri"
          />
          <p id={ids.uriMessage} className={uriMessage.error ? 'field-error' : 'field-hint'} data-testid="buddy-add-uri-message">
            {uriMessage.text}
          </p>
        </div>
        <div>
          <label className="field-label" htmlFor={ids.name}>
            Name <span className="field-optional">(optional)</span>
          </label>
          <input
            ref={nameRef}
            id={ids.name}
            className="text-input"
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={name}
            aria-invalid={nameCheck.state === 'invalid'}
            aria-describedby={ids.nameMessage}
            onChange={(event) => {
              setName(event.target.value);
              setError(null);
            }}
            data-testid="buddy-add-name"
          />
          <p id={ids.nameMessage} className={nameCheck.state === 'invalid' ? 'field-error' : 'field-hint'}>
            {nameCheck.state === 'invalid' ? nameCheck.message : 'A label for you; never used to reach them.'}
          </p>
        </div>
      </div>
      <div className="field-row">
        <button type="submit" className="button button-primary" aria-busy={saving} aria-disabled={saving || undefined}>
          {saving && <span className="spinner" aria-hidden="true" />}
          {saving ? 'Saving…' : 'Save buddy'}
        </button>
        <button type="button" className="button" onClick={() => onClose(null)}>
          Cancel
        </button>
      </div>
      <p className="field-error" role="alert" data-testid="buddy-add-error">
        {error}
      </p>
    </form>
  );
}
