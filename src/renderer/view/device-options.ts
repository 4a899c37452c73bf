import type { AudioDevices } from '../../shared/api-contract.js';

/** The select's value for "the system's default device" (null in the contract; no device is named ''). */
export const SYSTEM_DEFAULT_VALUE = '';

export type DeviceOption = { value: string; label: string; connected: boolean };

type DeviceList = AudioDevices['inputs'];

/**
 * The choices of one device select: the system default (naming the device it is now), a
 * remembered device that is not plugged in (so the select shows the choice as it is), then
 * every device there is, as the core listed them.
 */
export function deviceOptions(devices: DeviceList, chosen: string | null): DeviceOption[] {
  const systemDefault = devices.find((device) => device.isDefault);
  const options: DeviceOption[] = [
    { value: SYSTEM_DEFAULT_VALUE, label: systemDefault ? `System default (${systemDefault.name})` : 'System default', connected: true },
  ];
  if (chosen !== null && !devices.some((device) => device.name === chosen)) {
    options.push({ value: chosen, label: `${chosen} (not connected)`, connected: false });
  }
  for (const device of devices) options.push({ value: device.name, label: device.name, connected: true });
  return options;
}

/** What the contract takes for a select's value. */
export function deviceChoice(value: string): string | null {
  return value === SYSTEM_DEFAULT_VALUE ? null : value;
}

/** What the select shows for a remembered choice. */
export function deviceValue(chosen: string | null): string {
  return chosen ?? SYSTEM_DEFAULT_VALUE;
}
