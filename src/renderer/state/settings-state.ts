import type { ApiError, AudioDevices } from '../../shared/api-contract.js';
import type { Loaded } from './app-state.js';

/** What the settings ask of the core; each shows its progress beside its control. */
export type SettingsOperation = 'listDevices' | 'input' | 'output' | 'privacy' | 'startAudioTest' | 'stopAudioTest' | 'exportIdentity';

/** The operations that change a setting, so that success reads "Saved."; the others show their own result. */
const SAVING_OPERATIONS: readonly SettingsOperation[] = ['input', 'output', 'privacy'];

export type SettingsState = {
  devices: Loaded<AudioDevices>;
  /** Buddies-only privacy. */
  privacy: Loaded<boolean>;
  pending: readonly SettingsOperation[];
  /** Why the last try of an operation failed, as a sentence; cleared when it is tried again. */
  errors: Readonly<Partial<Record<SettingsOperation, string>>>;
  /** The change saved last, for the line that confirms it. */
  lastSaved: SettingsOperation | null;
  /**
   * When this UI asked for the audio test it started (ms since the epoch), for the countdown and
   * to tell this test's readings from an earlier one's; null when it started none or stopped it.
   */
  audioTestStartedAt: number | null;
  /**
   * The identity transfer code just created. It is sealed with the passphrase, yet it is still the
   * identity: it is forgotten when the dialog closes.
   */
  transferCode: string | null;
};

export type SettingsAction =
  | { type: 'operationStarted'; operation: SettingsOperation }
  | { type: 'operationFinished'; operation: SettingsOperation; error: string | null }
  | { type: 'devicesLoaded'; devices: AudioDevices }
  | { type: 'devicesFailed'; error: ApiError }
  | { type: 'privacyLoaded'; buddiesOnly: boolean }
  | { type: 'privacyFailed'; error: ApiError }
  | { type: 'audioTestStarted'; at: number }
  | { type: 'audioTestStopped' }
  | { type: 'transferCodeCreated'; code: string }
  | { type: 'dialogClosed' };

export function initialSettingsState(): SettingsState {
  return {
    devices: { phase: 'loading' },
    privacy: { phase: 'loading' },
    pending: [],
    errors: {},
    lastSaved: null,
    audioTestStartedAt: null,
    transferCode: null,
  };
}

function failed<T>(loaded: Loaded<T>, error: ApiError): Loaded<T> {
  return loaded.phase === 'ready' ? { ...loaded, refreshError: error } : { phase: 'failed', error };
}

/** The settings dialog's state: every answer of the core and every progress step is one action. */
export function reduceSettingsState(state: SettingsState, action: SettingsAction): SettingsState {
  switch (action.type) {
    case 'operationStarted': {
      const { [action.operation]: _cleared, ...errors } = state.errors;
      return {
        ...state,
        pending: state.pending.includes(action.operation) ? state.pending : [...state.pending, action.operation],
        errors,
        lastSaved: state.lastSaved === action.operation ? null : state.lastSaved,
      };
    }
    case 'operationFinished': {
      const saved = action.error === null && SAVING_OPERATIONS.includes(action.operation);
      return {
        ...state,
        pending: state.pending.filter((operation) => operation !== action.operation),
        errors: action.error === null ? state.errors : { ...state.errors, [action.operation]: action.error },
        lastSaved: saved ? action.operation : state.lastSaved,
      };
    }
    case 'devicesLoaded':
      return { ...state, devices: { phase: 'ready', value: action.devices, refreshError: null } };
    case 'devicesFailed':
      return { ...state, devices: failed(state.devices, action.error) };
    case 'privacyLoaded':
      return { ...state, privacy: { phase: 'ready', value: action.buddiesOnly, refreshError: null } };
    case 'privacyFailed':
      return { ...state, privacy: failed(state.privacy, action.error) };
    case 'audioTestStarted':
      return { ...state, audioTestStartedAt: action.at };
    case 'audioTestStopped':
      return { ...state, audioTestStartedAt: null };
    case 'transferCodeCreated':
      return { ...state, transferCode: action.code };
    case 'dialogClosed': {
      // What belonged to this visit goes; the devices and privacy stay, to show at once next time.
      const { startAudioTest: _start, stopAudioTest: _stop, exportIdentity: _export, ...errors } = state.errors;
      return { ...state, errors, audioTestStartedAt: null, transferCode: null };
    }
  }
}
