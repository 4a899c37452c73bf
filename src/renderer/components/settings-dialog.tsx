import { useEffect, useId, useRef, useState } from 'react';
import type { AudioDevices, Profile } from '../../shared/api-contract.js';
import type { SettingsState } from '../state/settings-state.js';
import type { SettingsCommands } from '../state/use-settings.js';
import { deviceChoice, deviceOptions, deviceValue } from '../view/device-options.js';
import { DisplayNameEditor } from './display-name-editor.js';
import { Icon } from './icon.js';

type Props = {
  open: boolean;
  settings: SettingsState;
  commands: SettingsCommands;
  profile: Profile | null;
  onSaveDisplayName(displayName: string): Promise<string | null>;
  /** The dialog closed (Escape, the close button): the caller puts the focus back. */
  onClose(): void;
};

export const BUDDIES_ONLY_EXPLANATION =
  'When this is on, only the devices of people in your buddy list can reach you: calls from anyone else are turned away before they ring.';

/**
 * The settings, in a modal dialog: the browser's own `<dialog>` keeps the focus inside, closes on
 * Escape and makes the page behind it inert.
 */
export function SettingsDialog({ open, settings, commands, profile, onSaveDisplayName, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (open && !dialog.open) {
      dialog.showModal();
      void commands.load();
    } else if (!open && dialog.open) dialog.close();
  }, [open, commands]);

  return (
    <dialog ref={dialogRef} className="settings-dialog" aria-labelledby="settings-heading" onClose={onClose} data-testid="settings-dialog">
      <div className="settings-head">
        <h2 id="settings-heading" className="settings-title">
          <Icon name="settings" />
          Settings
        </h2>
        <button type="button" className="icon-button" aria-label="Close settings" onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      {open && (
        <div className="settings-body">
          <DeviceSettings settings={settings} commands={commands} />
          <PrivacySettings settings={settings} commands={commands} />
          <section className="settings-section" aria-labelledby="settings-profile-heading">
            <h3 id="settings-profile-heading" className="settings-section-title">
              You
            </h3>
            {profile !== null ? <DisplayNameEditor displayName={profile.displayName} onSave={onSaveDisplayName} /> : <p className="field-hint">Loading…</p>}
          </section>
        </div>
      )}
    </dialog>
  );
}

function DeviceSettings({ settings, commands }: Pick<Props, 'settings' | 'commands'>) {
  const { devices } = settings;
  const listing = settings.pending.includes('listDevices');
  return (
    <section className="settings-section" aria-labelledby="settings-audio-heading" aria-busy={devices.phase === 'loading'}>
      <div className="settings-section-head">
        <h3 id="settings-audio-heading" className="settings-section-title">
          Sound devices
        </h3>
        <button
          type="button"
          className="button button-quiet"
          aria-busy={listing}
          aria-disabled={listing || undefined}
          onClick={() => {
            if (!listing) void commands.load();
          }}
        >
          {listing && <span className="spinner" aria-hidden="true" />}
          {listing ? 'Looking…' : 'Look again'}
        </button>
      </div>
      {devices.phase === 'loading' ? (
        <p className="list-waiting" role="status">
          <span className="spinner" aria-hidden="true" />
          Looking for microphones and speakers…
        </p>
      ) : devices.phase === 'failed' ? (
        <p className="field-error" role="alert" data-testid="settings-devices-error">
          Could not list the sound devices: {devices.error.message}
        </p>
      ) : (
        <>
          <DeviceSelect direction="input" label="Microphone" devices={devices.value} settings={settings} commands={commands} />
          <DeviceSelect direction="output" label="Speaker" devices={devices.value} settings={settings} commands={commands} />
          {settings.errors.listDevices !== undefined && (
            <p className="field-error" role="alert">
              {settings.errors.listDevices}
            </p>
          )}
          <p className="field-hint">A change is used from the next call on.</p>
        </>
      )}
    </section>
  );
}

type DeviceSelectProps = Pick<Props, 'settings' | 'commands'> & { direction: 'input' | 'output'; label: string; devices: AudioDevices };

function DeviceSelect({ direction, label, devices, settings, commands }: DeviceSelectProps) {
  const selectId = useId();
  const statusId = useId();
  const chosen = direction === 'input' ? devices.input : devices.output;
  const options = deviceOptions(direction === 'input' ? devices.inputs : devices.outputs, chosen);
  const saving = settings.pending.includes(direction);
  const error = settings.errors[direction];
  const status = saving ? 'Saving…' : (error ?? (settings.lastSaved === direction ? 'Saved.' : options.some((option) => !option.connected) ? 'The remembered device is not connected now.' : '\u00a0'));
  return (
    <div className="settings-field">
      <label className="field-label" htmlFor={selectId}>
        {label}
      </label>
      <div className="field-row">
        <select
          id={selectId}
          className="select-input"
          value={deviceValue(chosen)}
          aria-describedby={statusId}
          aria-busy={saving}
          onChange={(event) => {
            if (!saving) void commands.chooseDevice(direction, deviceChoice(event.target.value));
          }}
          data-testid={`settings-${direction}`}
        >
          {options.map((option) => (
            <option key={`${option.connected}|${option.value}`} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <span className="spinner-slot" aria-hidden="true">
          {saving && <span className="spinner" />}
        </span>
      </div>
      <p id={statusId} className={error !== undefined && !saving ? 'field-error' : 'field-hint'} role={error !== undefined && !saving ? 'alert' : 'status'}>
        {status}
      </p>
    </div>
  );
}

function PrivacySettings({ settings, commands }: Pick<Props, 'settings' | 'commands'>) {
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
