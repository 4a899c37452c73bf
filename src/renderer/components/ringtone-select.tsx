import { useEffect, useId, useRef, useState } from 'react';
import type { Ringtone } from '../../shared/api-contract.js';

/** What the ringtone setting needs: the setting (null while it loads), saving it, and a preview. */
export type RingtoneSettingProps = {
  ringtone: Ringtone | null;
  /** Saves the setting; resolves to null, or to the sentence that says why it failed. */
  setRingtone(ringtone: Ringtone): Promise<string | null>;
  /** Plays one round of the ringtone; resolves when it is over (or was stopped). */
  preview(ringtone: Exclude<Ringtone, 'off'>): Promise<void>;
  stopPreview(): void;
};

export const RINGTONE_LABELS: Readonly<Record<Ringtone, string>> = {
  classic: 'Classic ring',
  soft: 'Soft chime',
  off: 'Off (silent)',
};

const RINGTONES: readonly Ringtone[] = ['classic', 'soft', 'off'];

/**
 * The ringtone setting: a labelled select that saves on change (with its progress and any
 * failure on the line below, which is always there so nothing moves), and a Preview toggle that
 * plays one round of the chosen ring (pressed while it plays; pressing again stops it).
 */
export function RingtoneSelect({ ringtone, setRingtone, preview, stopPreview }: RingtoneSettingProps) {
  const selectId = useId();
  const messageId = useId();
  const [saving, setSaving] = useState<Ringtone | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      stopPreview();
    };
  }, [stopPreview]);

  const shown = saving ?? ringtone;
  const change = async (next: Ringtone) => {
    if (saving !== null || next === ringtone) return;
    setSaving(next);
    setError(null);
    setSaved(false);
    const failure = await setRingtone(next);
    if (!mounted.current) return;
    setSaving(null);
    setError(failure);
    setSaved(failure === null);
  };
  const togglePreview = async () => {
    if (previewing) {
      stopPreview();
      return;
    }
    if (shown === null || shown === 'off') return;
    setPreviewing(true);
    await preview(shown);
    if (mounted.current) setPreviewing(false);
  };

  const message =
    error ?? (saving !== null ? 'Saving…' : saved ? 'Saved.' : ringtone === null ? 'Loading…' : 'Plays in this window while a call rings.');
  return (
    <div className="ringtone-setting" data-testid="ringtone-setting">
      <label className="field-label" htmlFor={selectId}>
        Ringtone
      </label>
      <div className="field-row">
        <select
          id={selectId}
          className="select-input"
          value={shown ?? ''}
          disabled={ringtone === null}
          aria-busy={saving !== null}
          aria-describedby={messageId}
          onChange={(event) => {
            const next = RINGTONES.find((choice) => choice === event.target.value);
            if (next !== undefined) void change(next);
          }}
          data-testid="ringtone-select"
        >
          {ringtone === null && <option value="">Loading…</option>}
          {RINGTONES.map((choice) => (
            <option key={choice} value={choice}>
              {RINGTONE_LABELS[choice]}
            </option>
          ))}
        </select>
        <span className="spinner-slot" aria-hidden="true">
          {saving !== null && <span className="spinner" />}
        </span>
        <button
          type="button"
          className={previewing ? 'button ringtone-preview is-playing' : 'button ringtone-preview'}
          disabled={shown === null || shown === 'off'}
          aria-pressed={previewing}
          onClick={() => void togglePreview()}
          data-testid="ringtone-preview"
        >
          Preview
        </button>
      </div>
      <p id={messageId} className={error !== null ? 'field-error' : 'field-hint'} role="status" data-testid="ringtone-message">
        {message}
      </p>
    </div>
  );
}
