import { useId, useState, type FormEvent } from 'react';
import type { ConferenceOutcome } from '../state/conference-commands.js';
import { BusyButton } from './busy-button.js';
import { TextInput } from './text-input.js';

/** The contract's limit for a subject (createConference). */
const SUBJECT_MAX_LENGTH = 128;

type Props = {
  onCreate(subject: string): Promise<ConferenceOutcome>;
  /** The new conference's card takes over from here (its address, to share). */
  onCreated(uri: string): void;
};

/** Hosts a new conference, with an optional subject: one press, its progress, and its failure as a sentence. */
export function ConferenceNewForm({ onCreate, onCreated }: Props) {
  const [subject, setSubject] = useState('');
  const [creating, setCreating] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const inputId = useId();
  const messageId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (creating) return;
    setCreating(true);
    setOutcome(null);
    const result = await onCreate(subject);
    setCreating(false);
    if (result.ok) {
      setSubject('');
      setOutcome({ ok: true, message: 'Started: share its address below, whoever has it can join.' });
      onCreated(result.uri);
    } else {
      setOutcome({ ok: false, message: result.error });
    }
  };

  // One short line each, so the form keeps its height as the message changes.
  const message = creating ? 'Creating its key and publishing it…' : (outcome?.message ?? 'You host it; others join with its address.');
  return (
    <form className="conference-new" aria-label="New conference" onSubmit={(event) => void submit(event)} noValidate>
      <label className="field-label" htmlFor={inputId}>
        Subject <span className="field-optional">(optional)</span>
      </label>
      <div className="field-row">
        <TextInput
          id={inputId}
          maxLength={SUBJECT_MAX_LENGTH}
          placeholder="What it is about"
          value={subject}
          aria-describedby={messageId}
          onChange={(event) => {
            setSubject(event.target.value);
            if (outcome !== null) setOutcome(null);
          }}
          data-testid="conference-subject"
        />
        <BusyButton
          type="submit"
          className="button button-primary conference-new-button"
          busy={creating}
          icon="conference"
          label="New conference"
          busyLabel="Starting…"
          data-testid="conference-new"
        />
      </div>
      <p id={messageId} className={outcome?.ok === false ? 'field-error' : 'field-hint'} role="status" data-testid="conference-new-message">
        {message}
      </p>
    </form>
  );
}
