import type { EventName, EventPayload, Ringtone } from '../../shared/api-contract.js';
import type { CommandHandlers } from '../api/api-service.js';
import { exportIdentityCode } from '../identity/identity-transfer-code.js';
import type { Profile } from '../profile/profile.js';

type SettingsCommands = Pick<CommandHandlers, 'getRingtone' | 'setRingtone' | 'exportIdentity'>;

/** What rings when the user never chose: a phone that rings. */
export const DEFAULT_RINGTONE: Ringtone = 'classic';

/**
 * The settings page's commands that are not about calls or devices: the ringtone (kept here,
 * played by the UI) and the identity export for a second device. The export makes the same code
 * as `parley identity export`, so `parley identity import` takes it; the passphrase goes to the
 * sealing only, never to a log or an error message.
 */
export function settingsCommands(profile: Profile, emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void): SettingsCommands {
  return {
    getRingtone: () => ({ ringtone: profile.settings.ringtone ?? DEFAULT_RINGTONE }),
    setRingtone: async ({ ringtone }) => {
      await profile.updateSettings({ ringtone });
      emit('ringtoneChanged', { ringtone });
      return { ringtone };
    },
    // The contract's PassphraseSchema has already refused a passphrase too short to seal with.
    exportIdentity: async ({ passphrase }) => ({ code: await exportIdentityCode(profile.identity, passphrase) }),
  };
}
