import type { AudioDevices } from '../../shared/api-contract.js';
import { SYSTEM_DEFAULT_VALUE, type DeviceOption } from './device-options.js';

export type CallDeviceDirection = 'input' | 'output';

/** The machine's devices as the call's device switch has them: asked for when it opens. */
export type CallDeviceList =
  | { readonly phase: 'loading' }
  | { readonly phase: 'loaded'; readonly devices: AudioDevices }
  | { readonly phase: 'failed'; readonly error: string };

/** One select's switch: none running, one on its way (to `wanted`; null is the system default), or the last one refused. */
export type CallDeviceSwitchState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'switching'; readonly wanted: string | null }
  | { readonly phase: 'failed'; readonly error: string };

export const IDLE_SWITCH: CallDeviceSwitchState = { phase: 'idle' };

/** The word the panel uses for a direction: what the user calls the device. */
export function deviceWord(direction: CallDeviceDirection): 'Microphone' | 'Speaker' {
  return direction === 'input' ? 'Microphone' : 'Speaker';
}

/**
 * The choices of a call's device select: the system default (naming the device it is now), the
 * device the call uses if the list lacks it (it may have gone since the call opened it), then
 * every device there is. Unlike the settings' select there is no "not connected" entry: what the
 * call uses is there, it is playing.
 */
export function callDeviceOptions(devices: AudioDevices['inputs'], inUse: string): DeviceOption[] {
  const systemDefault = devices.find((device) => device.isDefault);
  const options: DeviceOption[] = [
    { value: SYSTEM_DEFAULT_VALUE, label: systemDefault ? `System default (${systemDefault.name})` : 'System default', connected: true },
  ];
  if (!devices.some((device) => device.name === inUse)) options.push({ value: inUse, label: inUse, connected: true });
  for (const device of devices) options.push({ value: device.name, label: device.name, connected: true });
  return options;
}

/** What the select shows: the device asked for while its switch runs, else the one in use. */
export function callDeviceValue(inUse: string, state: CallDeviceSwitchState): string {
  return state.phase === 'switching' ? (state.wanted ?? SYSTEM_DEFAULT_VALUE) : inUse;
}

/** The line under a select: progress, the refusal, or which device plays now. */
export function callDeviceStatus(direction: CallDeviceDirection, inUse: string, state: CallDeviceSwitchState): string {
  if (state.phase === 'switching') return `Switching the ${deviceWord(direction).toLowerCase()}…`;
  if (state.phase === 'failed') return state.error;
  return `In use: ${inUse}`;
}
