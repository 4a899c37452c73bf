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
  /** A test tone on the chosen speaker while the chosen microphone is metered; the core ends it after a while. */
  startAudioTest(): Promise<void>;
  stopAudioTest(): Promise<void>;
  /** Seals the identity with `passphrase` for a second device; the passphrase is used for this request only. */
  createTransferCode(passphrase: string): Promise<void>;
  /** The dialog closed: the audio test this UI started stops, and the transfer code is forgotten. */
  closed(): void;
};

const FAILURE_PREFIX: Record<SettingsOperation, string> = {
  listDevices: 'Could not list the sound devices',
  input: 'Could not change the microphone',
  output: 'Could not change the speaker',
  privacy: 'Could not change the privacy setting',
  startAudioTest: 'Could not start the sound test',
  stopAudioTest: 'Could not stop the sound test',
  exportIdentity: 'Could not create the transfer code',
};

/** The core answered without starting the test (it found nothing to play or record on). */
export const AUDIO_TEST_NOT_STARTED = 'The sound test did not start. Check that a microphone and a speaker are connected.';

/**
 * `now` stamps the start of the audio test (the countdown and which readings belong to it), so
 * tests can fix the time.
 */
export function createSettingsCommands(api: ParleyApi, dispatch: (action: SettingsAction) => void, now: () => number = Date.now): SettingsCommands {
  // One request per control at a time: a second change waits for the answer to the first.
  const inFlight = new Set<SettingsOperation>();
  // Bumped when the dialog closes, so an answer that arrives later is not shown in the next visit.
  let visit = 0;
  // This UI started an audio test that it has not stopped (it may have ended by itself: stopping again is harmless).
  let testStarted = false;

  /** `refusal` finds a refusal in a successful answer (the sentence to show), else null; `onSuccess` then does not run. */
  async function run<T>(
    operation: SettingsOperation,
    request: () => Promise<ApiResult<T>>,
    onSuccess: (value: T) => void,
    refusal: (value: T) => string | null = () => null,
  ): Promise<ApiResult<T> | null> {
    if (inFlight.has(operation)) return null;
    inFlight.add(operation);
    dispatch({ type: 'operationStarted', operation });
    try {
      const result = await request();
      const error = result.ok ? refusal(result.value) : `${FAILURE_PREFIX[operation]}: ${apiErrorMessage(result.error)}`;
      if (result.ok && error === null) onSuccess(result.value);
      dispatch({ type: 'operationFinished', operation, error });
      return result;
    } finally {
      inFlight.delete(operation);
    }
  }

  async function stopAudioTest(): Promise<void> {
    await run('stopAudioTest', () => api.stopAudioTest({}), () => {
      testStarted = false;
      dispatch({ type: 'audioTestStopped' });
    });
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
    async startAudioTest() {
      const startedIn = visit;
      // Stamped before asking: the core may send the first reading before its answer arrives.
      const requestedAt = now();
      let closedMeanwhile = false;
      await run(
        'startAudioTest',
        () => api.startAudioTest({}),
        () => {
          testStarted = true;
          // Closed while it was starting: the tone must not go on behind a closed dialog.
          if (visit !== startedIn) closedMeanwhile = true;
          else dispatch({ type: 'audioTestStarted', at: requestedAt });
        },
        ({ running }) => (running ? null : AUDIO_TEST_NOT_STARTED),
      );
      if (closedMeanwhile) await stopAudioTest();
    },
    stopAudioTest,
    async createTransferCode(passphrase) {
      const startedIn = visit;
      await run('exportIdentity', () => api.exportIdentity({ passphrase }), ({ code }) => {
        if (visit === startedIn) dispatch({ type: 'transferCodeCreated', code });
      });
    },
    closed() {
      visit += 1;
      if (testStarted) void stopAudioTest();
      dispatch({ type: 'dialogClosed' });
    },
  };
}

/** The settings dialog's state and commands, bound to the core. */
export function useSettings(api: ParleyApi): { state: SettingsState; commands: SettingsCommands } {
  const [state, dispatch] = useReducer(reduceSettingsState, undefined, initialSettingsState);
  const commands = useMemo(() => createSettingsCommands(api, dispatch), [api]);
  return { state, commands };
}
