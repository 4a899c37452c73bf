import { useId, useRef, useState, type FormEvent } from 'react';
import type { ConferenceOutcome } from '../state/conference-commands.js';
import { checkJoinAddress } from '../view/conference-view.js';
import { BusyButton } from './busy-button.js';
import { TextInput } from './text-input.js';

type Props = {
  /** The conferences shown already (live ones): joining one of them again is not sent. */
  liveUris: readonly string[];
  onJoin(uri: string): Promise<ConferenceOutcome>;
  /** The conference's card takes over from here. */
  onJoined(uri: string): void;
};

/** Joins a conference by its address (pasted, or read from its QR code), checked as the core will check it. */
export function ConferenceJoinForm({ liveUris, onJoin, onJoined }: Props) {
  const [uri, setUri] = useState('');
  const [joining, setJoining] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const messageId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (joining) return;
    const check = checkJoinAddress(uri, liveUris);
    if (!check.ok) {
      setError(check.message);
      inputRef.current?.focus();
      return;
    }
    setJoining(true);
    setError(null);
    const result = await onJoin(check.uri);
    setJoining(false);
    if (result.ok) {
      setUri('');
      onJoined(result.uri);
    } else {
      setError(result.error);
    }
  };

  const message = error ?? (joining ? 'Looking the conference up and calling it…' : 'Paste the address the host sent you.');
  return (
    <form className="conference-join" aria-label="Join a conference" onSubmit={(event) => void submit(event)} noValidate>
      <label className="field-label" htmlFor={inputId}>
        Conference address
      </label>
      <div className="field-row">
        <TextInput
          ref={inputRef}
          id={inputId}
          inputMode="url"
          placeholder="sip:…@conference.parley.invalid"
          value={uri}
          aria-invalid={error !== null}
          aria-describedby={messageId}
          onChange={(event) => {
            setUri(event.target.value);
            setError(null);
          }}
          data-testid="conference-join-uri"
        />
        <BusyButton type="submit" className="button conference-join-button" busy={joining} icon="phone" label="Join" busyLabel="Joining…" data-testid="conference-join" />
      </div>
      <p id={messageId} className={error !== null ? 'field-error' : 'field-hint'} role="status" data-testid="conference-join-message">
        {message}
      </p>
    </form>
  );
}
