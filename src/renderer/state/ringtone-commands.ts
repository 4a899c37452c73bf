import type { ParleyApi, Ringtone } from '../../shared/api-contract.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import type { AppAction } from './app-state.js';

/** What the ringtone setting asks of the core. */
export type RingtoneCommands = {
  /** Fetches the setting; a failure leaves it unknown, and calls ring with the core's default. */
  load(): Promise<void>;
  /** Saves the setting for every UI of this node; resolves to null, or to why it failed. */
  setRingtone(ringtone: Ringtone): Promise<string | null>;
};

export function createRingtoneCommands(api: ParleyApi, dispatch: (action: AppAction) => void): RingtoneCommands {
  return {
    async load() {
      const result = await api.getRingtone({});
      if (result.ok) dispatch({ type: 'ringtoneChanged', ringtone: result.value.ringtone });
    },
    async setRingtone(ringtone) {
      const result = await api.setRingtone({ ringtone });
      if (!result.ok) return `Could not change the ringtone: ${apiErrorMessage(result.error)}`;
      dispatch({ type: 'ringtoneChanged', ringtone: result.value.ringtone });
      return null;
    },
  };
}
