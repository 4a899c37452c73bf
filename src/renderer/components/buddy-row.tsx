import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { BuddyStatus } from '../state/presence-state.js';
import { addressBadge, addressKind } from '../view/call-view.js';
import { checkBuddyName, contactInitials, contactLabel } from '../view/contact-view.js';
import { buddyPresenceView, callButtonView } from '../view/presence-view.js';
import { BusyButton } from './busy-button.js';
import { closeOnEscape } from './close-on-escape.js';
import { Icon } from './icon.js';
import { TextInput } from './text-input.js';

type Props = {
  contact: Contact;
  /** Their presence as last learnt: shown, and said in the Call button's name when it matters. */
  presence: BuddyStatus;
  /** A call to this buddy is being placed. */
  calling: boolean;
  /** Some call is being placed (the dialer takes one at a time). */
  dialBusy: boolean;
  onCall(uri: string): void;
  onRename(uri: string, displayName: string): Promise<string | null>;
  onRemove(uri: string): Promise<string | null>;
  /** Told after a change, with the sentence to announce. */
  onChanged(message: string, removed: boolean): void;
};

type Mode = 'view' | 'rename' | 'confirmRemove';

/** One buddy: presence, name, address and kind, and Call, Rename and Remove (with a confirm step). */
export function BuddyRow({ contact, presence, calling, dialBusy, onCall, onRename, onRemove, onChanged }: Props) {
  const [mode, setMode] = useState<Mode>('view');
  const label = contactLabel(contact);
  const named = contact.displayName.trim() !== '';
  const kind = addressKind(contact.uri);
  const presenceView = buddyPresenceView(presence, kind);
  const callButton = callButtonView(label, presence);
  const renameRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const previousMode = useRef<Mode>(mode);

  useEffect(() => {
    // Back to the row: the focus returns to the button the step started from.
    if (mode === 'view' && previousMode.current === 'rename') renameRef.current?.focus();
    if (mode === 'view' && previousMode.current === 'confirmRemove') removeRef.current?.focus();
    previousMode.current = mode;
  }, [mode]);

  return (
    <li className={`buddy-row presence-${presence}`} data-testid="buddy" data-uri={contact.uri} data-presence={presence}>
      <span className="buddy-avatar" aria-hidden="true">
        {contactInitials(contact)}
        <span className="presence-dot" title={presenceView.label} />
      </span>
      {mode === 'rename' ? (
        <RenameForm contact={contact} onRename={onRename} onDone={(message) => {
          setMode('view');
          if (message !== null) onChanged(message, false);
        }} />
      ) : mode === 'confirmRemove' ? (
        <RemoveConfirm label={label} uri={contact.uri} onRemove={onRemove} onDone={(removed) => {
          if (removed) onChanged(`Removed ${label} from your buddies.`, true);
          else setMode('view');
        }} />
      ) : (
        <>
          <div className="buddy-main">
            <p className="buddy-name">
              <span className="buddy-label" data-testid="buddy-name">
                {label}
              </span>
              <span className="badge buddy-kind" title={addressBadge(kind).title} data-testid="buddy-kind">
                {addressBadge(kind).label}
              </span>
            </p>
            <p className="buddy-detail">
              <span className="buddy-presence" title={presenceView.hint} data-testid="buddy-presence">
                {presenceView.label}
              </span>
              {named && (
                <code className="buddy-uri" data-testid="buddy-uri">
                  {contact.uri}
                </code>
              )}
            </p>
          </div>
          <div className="buddy-actions">
            <button
              type="button"
              className={presence === 'offline' || presence === 'busy' ? 'button buddy-call' : 'button button-primary buddy-call'}
              aria-label={callButton.name}
              title={callButton.title}
              aria-busy={calling}
              aria-disabled={dialBusy || undefined}
              onClick={() => {
                if (!dialBusy) onCall(contact.uri);
              }}
            >
              {calling ? <span className="spinner" aria-hidden="true" /> : <Icon name="phone" />}
              <span aria-hidden="true">{calling ? 'Calling…' : 'Call'}</span>
            </button>
            <button ref={renameRef} type="button" className="icon-button" aria-label={`Rename ${label}`} title="Rename" onClick={() => setMode('rename')}>
              <Icon name="edit" />
            </button>
            <button ref={removeRef} type="button" className="icon-button" aria-label={`Remove ${label}`} title="Remove" onClick={() => setMode('confirmRemove')}>
              <Icon name="trash" />
            </button>
          </div>
        </>
      )}
    </li>
  );
}

function RenameForm({ contact, onRename, onDone }: { contact: Contact; onRename: Props['onRename']; onDone(message: string | null): void }) {
  const [draft, setDraft] = useState(contact.displayName);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const messageId = useId();
  const check = checkBuddyName(draft);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    if (check.state !== 'valid') {
      inputRef.current?.focus();
      return;
    }
    if (check.displayName === contact.displayName) {
      onDone(null);
      return;
    }
    setSaving(true);
    const failure = await onRename(contact.uri, check.displayName);
    setSaving(false);
    if (failure === null) onDone(check.displayName === '' ? `${contact.uri} has no name now.` : `Renamed to ${check.displayName}.`);
    else setError(failure);
  };

  const onKeyDown = closeOnEscape(() => onDone(null));

  const message = error ?? (check.state === 'invalid' ? check.message : `Enter saves, Escape cancels. ${contact.uri}`);
  return (
    <form className="buddy-inline" onSubmit={(event) => void save(event)} onKeyDown={onKeyDown} noValidate>
      <label className="visually-hidden" htmlFor={inputId}>
        Name for {contact.uri}
      </label>
      <div className="field-row">
        <TextInput
          ref={inputRef}
          id={inputId}
          placeholder="No name: the address is shown"
          value={draft}
          aria-invalid={check.state === 'invalid' || error !== null}
          aria-describedby={messageId}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
          data-testid="buddy-rename-input"
        />
        <BusyButton type="submit" className="button button-primary" busy={saving} label="Save" busyLabel="Saving…" />
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
      <p id={messageId} className={error !== null || check.state === 'invalid' ? 'field-error' : 'field-hint buddy-inline-hint'} role={error !== null ? 'alert' : undefined}>
        {message}
      </p>
    </form>
  );
}

function RemoveConfirm({ label, uri, onRemove, onDone }: { label: string; uri: string; onRemove: Props['onRemove']; onDone(removed: boolean): void }) {
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const textId = useId();

  // The safe choice takes the focus: Enter right after "Remove" must not delete anything.
  useEffect(() => cancelRef.current?.focus(), []);

  const remove = async () => {
    if (removing) return;
    setRemoving(true);
    const failure = await onRemove(uri);
    setRemoving(false);
    if (failure === null) onDone(true);
    else setError(failure);
  };

  return (
    <div
      className="buddy-inline"
      role="group"
      aria-labelledby={textId}
      onKeyDown={closeOnEscape(() => onDone(false))}
      data-testid="buddy-remove-confirm"
    >
      <p id={textId} className="buddy-confirm-text">
        Remove <strong>{label}</strong> from your buddies?
      </p>
      <div className="field-row">
        <BusyButton className="button button-danger" busy={removing} label="Remove" busyLabel="Removing…" onClick={() => void remove()} />
        <button ref={cancelRef} type="button" className="button" onClick={() => onDone(false)}>
          Keep
        </button>
      </div>
      <p className="field-error" role="alert">
        {error}
      </p>
    </div>
  );
}
