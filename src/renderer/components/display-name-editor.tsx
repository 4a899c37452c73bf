import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { closeOnEscape } from './close-on-escape.js';
import { TextInput } from './text-input.js';

type Props = {
  displayName: string;
  /** Resolves to null when saved, else the message to show beside the field. */
  onSave(displayName: string): Promise<string | null>;
};

/** The own display name, edited in place; the core validates it and its error is shown as is. */
export function DisplayNameEditor({ displayName, onSave }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const editButtonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const inputId = useId();
  const errorId = useId();
  const editing = draft !== null;

  useEffect(() => {
    if (editing) {
      inputRef.current?.focus();
      inputRef.current?.select();
    } else if (returnFocus.current) {
      returnFocus.current = false;
      editButtonRef.current?.focus();
    }
  }, [editing]);

  const stopEditing = () => {
    returnFocus.current = true;
    setDraft(null);
    setError(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (draft === null || saving) return;
    if (draft === displayName) {
      stopEditing();
      return;
    }
    setSaving(true);
    const failure = await onSave(draft);
    setSaving(false);
    if (failure === null) stopEditing();
    else {
      setError(failure);
      inputRef.current?.focus();
    }
  };

  const onKeyDown = closeOnEscape(stopEditing);

  if (!editing) {
    return (
      <div className="display-name">
        <span className="field-label">Display name</span>
        <div className="field-row">
          <p className="display-name-value" data-testid="display-name">
            {displayName}
          </p>
          <button
            ref={editButtonRef}
            type="button"
            className="button button-quiet"
            aria-label={`Edit display name (${displayName})`}
            onClick={() => setDraft(displayName)}
          >
            Edit
          </button>
        </div>
        <p className="field-hint">Shown to the people you call. It is a label only; your address never changes.</p>
      </div>
    );
  }

  return (
    <form className="display-name" onSubmit={(event) => void save(event)} noValidate>
      <label className="field-label" htmlFor={inputId}>
        Display name
      </label>
      <div className="field-row">
        <TextInput
          ref={inputRef}
          id={inputId}
          value={draft}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? errorId : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button-primary" aria-busy={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={stopEditing}>
          Cancel
        </button>
      </div>
      {error !== null ? (
        <p id={errorId} className="field-error" role="alert" data-testid="display-name-error">
          {error}
        </p>
      ) : (
        <p className="field-hint">Enter saves, Escape cancels.</p>
      )}
    </form>
  );
}
