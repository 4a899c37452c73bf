import { useId, useState } from 'react';
import type { SettingsState } from '../state/settings-state.js';
import type { SettingsCommands } from '../state/use-settings.js';

type Props = { settings: SettingsState; commands: SettingsCommands };

export const BUDDIES_ONLY_EXPLANATION =
  'When this is on, only the devices of people in your buddy list can reach you: calls from anyone else are turned away before they ring.';

/** Buddies-only privacy: a switch that moves at once and shows the core saving it. */
export function PrivacySettings({ settings, commands }: Props) {
  const switchId = useId();
  const explanationId = useId();
  const { privacy } = settings;
  const saving = settings.pending.includes('privacy');
  const error = settings.errors.privacy;
  // The switch moves at once and stays while the core saves; a refusal moves it back.
  const [requested, setRequested] = useState<boolean | null>(null);
  const checked = saving && requested !== null ? requested : privacy.phase === 'ready' && privacy.value;
  return (
    <section className="settings-section" aria-labelledby="settings-privacy-heading" aria-busy={privacy.phase === 'loading'}>
      <h3 id="settings-privacy-heading" className="settings-section-title">
        Privacy
      </h3>
      {privacy.phase === 'failed' ? (
        <p className="field-error" role="alert">
          Could not read the privacy setting: {privacy.error.message}
        </p>
      ) : (
        <>
          <div className="switch-row">
            <input
              id={switchId}
              className="switch"
              type="checkbox"
              role="switch"
              checked={checked}
              disabled={privacy.phase !== 'ready'}
              aria-describedby={explanationId}
              aria-busy={saving}
              onChange={(event) => {
                if (saving) return;
                setRequested(event.target.checked);
                void commands.setBuddiesOnly(event.target.checked);
              }}
              data-testid="settings-buddies-only"
            />
            <label htmlFor={switchId}>Only buddies can call me</label>
            <span className="spinner-slot" aria-hidden="true">
              {(saving || privacy.phase === 'loading') && <span className="spinner" />}
            </span>
          </div>
          <p id={explanationId} className="field-hint">
            {BUDDIES_ONLY_EXPLANATION}
          </p>
          <p className={error !== undefined && !saving ? 'field-error' : 'field-hint'} role={error !== undefined && !saving ? 'alert' : 'status'}>
            {saving ? 'Saving…' : (error ?? (settings.lastSaved === 'privacy' ? 'Saved.' : '\u00a0'))}
          </p>
        </>
      )}
    </section>
  );
}
