import { useEffect, useRef } from 'react';
import type { NetworkStatus, Profile } from '../../shared/api-contract.js';
import type { AudioTestReading } from '../state/app-state.js';
import type { SettingsState } from '../state/settings-state.js';
import type { SettingsCommands } from '../state/use-settings.js';
import { Icon } from './icon.js';
import { AudioSettings } from './settings-audio.js';
import { IdentityTransferSettings } from './settings-identity-transfer.js';
import { NetworkSettings } from './settings-network.js';
import type { RingtoneSettingProps } from './ringtone-select.js';
import { PrivacySettings } from './settings-privacy.js';
import { ProfileSettings } from './settings-profile.js';
import { RingtoneSettings } from './settings-ringtone.js';
import { trapTabKey } from './trap-tab-key.js';

type Props = {
  open: boolean;
  settings: SettingsState;
  commands: SettingsCommands;
  profile: Profile | null;
  network: NetworkStatus | null;
  /** The link to the core is down, so the network status may be out of date. */
  networkStale: boolean;
  /** The audio test's latest reading (app state, from `audioTestLevelsMeasured`). */
  audioTest: AudioTestReading | null;
  /** A call is in progress: the sound test is not available then. */
  inCall: boolean;
  /** The ringtone setting and its preview. */
  ringtone: RingtoneSettingProps;
  onSaveDisplayName(displayName: string): Promise<string | null>;
  /** The dialog closed (Escape, the close button): the caller puts the focus back. */
  onClose(): void;
};

/**
 * The settings, in a modal dialog: the browser's own `<dialog>` closes on Escape and makes the
 * page behind it inert, and Tab wraps around inside it (`trapTabKey`). Closing it stops the sound test and forgets the
 * transfer code (`commands.closed`).
 */
export function SettingsDialog({ open, settings, commands, profile, network, networkStale, audioTest, inCall, ringtone, onSaveDisplayName, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!open || dialog === null) return;
    if (!dialog.open) dialog.showModal();
    void commands.load();
    return () => {
      if (dialog.open) dialog.close();
      commands.closed();
    };
  }, [open, commands]);

  return (
    <dialog
      ref={dialogRef}
      className="settings-dialog"
      aria-labelledby="settings-heading"
      onClose={onClose}
      onKeyDown={(event) => trapTabKey(event, event.currentTarget)}
      data-testid="settings-dialog"
    >
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
          <ProfileSettings profile={profile} onSaveDisplayName={onSaveDisplayName} />
          <AudioSettings settings={settings} commands={commands} audioTest={audioTest} inCall={inCall} />
          <RingtoneSettings {...ringtone} />
          <NetworkSettings network={network} stale={networkStale} />
          <PrivacySettings settings={settings} commands={commands} />
          <IdentityTransferSettings settings={settings} commands={commands} />
        </div>
      )}
    </dialog>
  );
}
