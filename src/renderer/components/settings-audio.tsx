import type { AudioTestReading } from '../state/app-state.js';
import type { SettingsState } from '../state/settings-state.js';
import type { SettingsCommands } from '../state/use-settings.js';
import { AudioTestPanel } from './settings-audio-test.js';
import { DeviceSelect } from './settings-device-select.js';

type Props = {
  settings: SettingsState;
  commands: SettingsCommands;
  audioTest: AudioTestReading | null;
  inCall: boolean;
};

/** The microphone and speaker calls use, and the sound test that tries them. */
export function AudioSettings({ settings, commands, audioTest, inCall }: Props) {
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
        <p className="list-waiting settings-devices-waiting" role="status">
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
      <AudioTestPanel settings={settings} commands={commands} reading={audioTest} inCall={inCall} />
    </section>
  );
}
