import { useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import { checkBuddyName, contactLabel } from '../view/contact-view.js';
import { looksLikeInviteLink, parseInvite, type Invite } from '../view/invite-link.js';
import { findBuddy } from '../view/party-key.js';
import { readInviteFromImage, type ImageInvite } from '../view/read-invite-from-image.js';
import { BusyButton } from './busy-button.js';
import { SipAddressInput, TextInput } from './text-input.js';

type Props = {
  contacts: readonly Contact[];
  /** Resolves to null when saved, else the sentence to show. */
  onSave(uri: string, displayName: string): Promise<string | null>;
  /** The form closes: `added` names the buddy when one was saved. */
  onClose(added: string | null): void;
  /** Reads a buddy from a picture of a QR code; the browser's decoder unless a test gives another. */
  readImage?(image: Blob): Promise<ImageInvite>;
};

type QrRead = { phase: 'idle' } | { phase: 'reading' } | { phase: 'failed'; message: string };

/** The first picture among files pasted or dropped, if any. */
function firstImage(files: FileList): File | undefined {
  return Array.from(files).find((file) => file.type.startsWith('image/'));
}

/**
 * Adds a buddy by SIP URI, by an invite link pasted into the address field (which fills in the
 * address and the name), or from a picture of a QR code (chosen, pasted or dropped). An address
 * already in the list is renamed. Every change to the contact list, from here or elsewhere,
 * updates the "already a buddy" hint.
 */
export function BuddyAddForm({ contacts, onSave, onClose, readImage = readInviteFromImage }: Props) {
  const [uri, setUri] = useState('');
  const [name, setName] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Where the fields were filled from, said beside them until the address is edited by hand. */
  const [filledFrom, setFilledFrom] = useState<'invite link' | 'QR code' | null>(null);
  const [qr, setQr] = useState<QrRead>({ phase: 'idle' });
  const [announcement, setAnnouncement] = useState('');
  const uriRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const ids = { uri: useId(), uriMessage: useId(), name: useId(), nameMessage: useId(), qrMessage: useId() };

  useEffect(() => uriRef.current?.focus(), []);

  const uriCheck = checkDialAddress(uri);
  const nameCheck = checkBuddyName(name);
  const existing = uriCheck.state === 'valid' ? findBuddy(contacts, uriCheck.uri) : undefined;
  const inviteError = looksLikeInviteLink(uri) ? parseInvite(uri) : null;
  const uriMessage =
    inviteError !== null && !inviteError.ok
      ? { error: true, text: inviteError.error.message }
      : uriCheck.state === 'invalid'
        ? { error: true, text: uriCheck.message }
        : uriCheck.state === 'empty' && submitted
          ? { error: true, text: 'Enter the SIP address of the buddy, or paste their invite link.' }
          : existing !== undefined
            ? { error: false, text: `Already a buddy (${contactLabel(existing)}): adding renames them.` }
            : filledFrom !== null
              ? { error: false, text: `Filled in from the ${filledFrom}: check the name, then save.` }
              : { error: false, text: 'A Parley address (sip:…@parley.invalid), any SIP URI, or an invite link.' };

  /** Takes an invite's address, and its name unless one was typed already. */
  const fill = (invite: Invite, from: 'invite link' | 'QR code') => {
    setUri(invite.uri);
    if (invite.displayName !== '') setName((typed) => (typed.trim() === '' ? invite.displayName : typed));
    setFilledFrom(from);
    setError(null);
    setAnnouncement(`Filled in from the ${from}: ${invite.displayName === '' ? invite.uri : `${invite.displayName}, ${invite.uri}`}.`);
  };

  const editUri = (text: string) => {
    setError(null);
    // An invite link (or `"Name" <sip:…>`) pasted or typed here is unpacked into the two fields.
    const parsed = parseInvite(text);
    if (parsed.ok && parsed.source !== 'sip-uri') {
      fill(parsed.invite, 'invite link');
      return;
    }
    setUri(text);
    setFilledFrom(null);
  };

  const readPicture = async (image: Blob) => {
    if (qr.phase === 'reading') return;
    setQr({ phase: 'reading' });
    const result = await readImage(image);
    if (!result.ok) {
      setQr({ phase: 'failed', message: result.message });
      return;
    }
    setQr({ phase: 'idle' });
    fill(result.invite, 'QR code');
    // The address is set; the name is what is left to check.
    nameRef.current?.focus();
  };

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

  // A picture pasted anywhere in the form (a screenshot of a code) is read; pasted text goes to its field as usual.
  const onPaste = (event: ClipboardEvent) => {
    const image = firstImage(event.clipboardData.files);
    if (image === undefined) return;
    event.preventDefault();
    void readPicture(image);
  };

  const onDrop = (event: DragEvent) => {
    const image = firstImage(event.dataTransfer.files);
    if (image === undefined) return;
    event.preventDefault();
    void readPicture(image);
  };

  const reading = qr.phase === 'reading';
  return (
    <form
      className="buddy-add-form"
      onSubmit={(event) => void submit(event)}
      onKeyDown={onKeyDown}
      onPaste={onPaste}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes('Files')) event.preventDefault();
      }}
      onDrop={onDrop}
      noValidate
      aria-label="Add a buddy"
      data-testid="buddy-add-form"
    >
      <div className="buddy-add-fields">
        <div>
          <label className="field-label" htmlFor={ids.uri}>
            SIP address or invite link
          </label>
          <SipAddressInput
            ref={uriRef}
            id={ids.uri}
            value={uri}
            aria-invalid={uriMessage.error}
            aria-describedby={ids.uriMessage}
            onChange={(event) => editUri(event.target.value)}
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
          <TextInput
            ref={nameRef}
            id={ids.name}
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
      <div className="buddy-add-qr">
        <BusyButton
          className="button button-quiet"
          busy={reading}
          icon="qrCode"
          label="Read a QR code from a picture…"
          busyLabel="Reading the picture…"
          aria-describedby={ids.qrMessage}
          onClick={() => {
            if (!reading) fileRef.current?.click();
          }}
          data-testid="buddy-add-qr"
        />
        <input
          ref={fileRef}
          type="file"
          accept="image/*"
          hidden
          onChange={(event) => {
            const file = event.target.files?.[0];
            // Cleared, so choosing the same file again reads it again.
            event.target.value = '';
            if (file !== undefined) void readPicture(file);
          }}
          data-testid="buddy-add-qr-file"
        />
        <p
          id={ids.qrMessage}
          className={qr.phase === 'failed' ? 'field-error' : 'field-hint'}
          role={qr.phase === 'failed' ? 'alert' : undefined}
          data-testid="buddy-add-qr-message"
        >
          {qr.phase === 'failed' ? qr.message : 'Or paste or drop a screenshot of their code here.'}
        </p>
      </div>
      <div className="field-row">
        <BusyButton type="submit" className="button button-primary" busy={saving} label="Save buddy" busyLabel="Saving…" />
        <button type="button" className="button" onClick={() => onClose(null)}>
          Cancel
        </button>
      </div>
      <p className="field-error" role="alert" data-testid="buddy-add-error">
        {error}
      </p>
      <p className="visually-hidden" role="status" data-testid="buddy-add-status">
        {announcement}
      </p>
    </form>
  );
}
