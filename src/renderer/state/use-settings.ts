import { useMemo, useReducer } from 'react';
import type { ApiResult, ParleyApi } from '../../shared/api-contract.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import { initialSettingsState, reduceSettingsState, type SettingsAction, type SettingsOperation, type SettingsState } from './settings-state.js';

export type SettingsCommands = {
  /** Fetches the devices and the privacy setting (when the settings open, and on Refresh). */
  load(): Promise<void>;
  /** Remembers the device calls use; null is the system default. */
  chooseDevice(direction: 'input' | 'output', name: string | null): Promise<void>;
  setBuddiesOnly(buddiesOnly: boolean): Promise<void>;
};

const FAILURE_PREFIX: Record<SettingsOperation, string> = {
  listDevices: 'Could not list the sound devices',
  input: 'Could not change the microphone',
  output: 'Could not change the speaker',
  privacy: 'Could not change the privacy setting',
};

export function createSettingsCommands(api: ParleyApi, dispatch: (action: SettingsAction) => void): SettingsCommands {
  // One request per control at a time: a second change waits for the answer to the first.
  const inFlight = new Set<SettingsOperation>();

  async function run<T>(operation: SettingsOperation, request: () => Promise<ApiResult<T>>, onSuccess: (value: T) => void): Promise<ApiResult<T> | null> {
    if (inFlight.has(operation)) return null;
    inFlight.add(operation);
    dispatch({ type: 'operationStarted', operation });
    try {
      const result = await request();
      if (result.ok) onSuccess(result.value);
      dispatch({ type: 'operationFinished', operation, error: result.ok ? null : `${FAILURE_PREFIX[operation]}: ${apiErrorMessage(result.error)}` });
      return result;
    } finally {
      inFlight.delete(operation);
    }
  }

  return {
    async load() {
      await Promise.all([
        run('listDevices', () => api.listAudioDevices({}), (devices) => dispatch({ type: 'devicesLoaded', devices })).then((result) => {
          if (result !== null && !result.ok) dispatch({ type: 'devicesFailed', error: { ...result.error, message: apiErrorMessage(result.error) } });
        }),
        api.getPrivacy({}).then((result) =>
          dispatch(
            result.ok
              ? { type: 'privacyLoaded', buddiesOnly: result.value.buddiesOnly }
              : { type: 'privacyFailed', error: { ...result.error, message: apiErrorMessage(result.error) } },
          ),
        ),
      ]);
    },
    async chooseDevice(direction, name) {
      await run(direction, () => api.setAudioDevices({ [direction]: name }), (devices) => dispatch({ type: 'devicesLoaded', devices }));
    },
    async setBuddiesOnly(buddiesOnly) {
      await run('privacy', () => api.setPrivacy({ buddiesOnly }), (privacy) => dispatch({ type: 'privacyLoaded', buddiesOnly: privacy.buddiesOnly }));
    },
  };
}

/** The settings dialog's state and commands, bound to the core. */
export function useSettings(api: ParleyApi): { state: SettingsState; commands: SettingsCommands } {
  const [state, dispatch] = useReducer(reduceSettingsState, undefined, initialSettingsState);
  const commands = useMemo(() => createSettingsCommands(api, dispatch), [api]);
  return { state, commands };
}
