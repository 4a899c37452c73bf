import type { ApiError, AudioDevices } from '../../shared/api-contract.js';
import type { Loaded } from './app-state.js';

/** What the settings ask of the core; each shows its progress beside its control. */
export type SettingsOperation = 'listDevices' | 'input' | 'output' | 'privacy';

export type SettingsState = {
  devices: Loaded<AudioDevices>;
  /** Buddies-only privacy. */
  privacy: Loaded<boolean>;
  pending: readonly SettingsOperation[];
  /** Why the last try of an operation failed, as a sentence; cleared when it is tried again. */
  errors: Readonly<Partial<Record<SettingsOperation, string>>>;
  /** The change saved last, for the line that confirms it. */
  lastSaved: SettingsOperation | null;
};

export type SettingsAction =
  | { type: 'operationStarted'; operation: SettingsOperation }
  | { type: 'operationFinished'; operation: SettingsOperation; error: string | null }
  | { type: 'devicesLoaded'; devices: AudioDevices }
  | { type: 'devicesFailed'; error: ApiError }
  | { type: 'privacyLoaded'; buddiesOnly: boolean }
  | { type: 'privacyFailed'; error: ApiError };

export function initialSettingsState(): SettingsState {
  return { devices: { phase: 'loading' }, privacy: { phase: 'loading' }, pending: [], errors: {}, lastSaved: null };
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
      const saved = action.error === null && action.operation !== 'listDevices';
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
  }
}
