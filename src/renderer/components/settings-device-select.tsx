import { useId } from 'react';
import type { AudioDevices } from '../../shared/api-contract.js';
import type { SettingsState } from '../state/settings-state.js';
import type { SettingsCommands } from '../state/use-settings.js';
import { deviceChoice, deviceOptions, deviceValue } from '../view/device-options.js';

type Props = {
  direction: 'input' | 'output';
  label: string;
  devices: AudioDevices;
  settings: SettingsState;
  commands: SettingsCommands;
};

/** The microphone or the speaker calls use, saved as soon as it is chosen. */
export function DeviceSelect({ direction, label, devices, settings, commands }: Props) {
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
