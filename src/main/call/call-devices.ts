import type { AudioDirection, CreatedSession, DeviceSwitchOutcome } from '../media/index.js';
import { CallError } from './call-error.js';

/** The sound cards a call uses now, by the names PortAudio lists; null for a side that is not one (a file, silence) or has none open now. */
export interface CallDevices {
  readonly input: string | null;
  readonly output: string | null;
}

/** What a new (or remade) session opened. */
export function devicesOf(created: CreatedSession): CallDevices {
  return { input: created.devices.input ?? null, output: created.devices.output ?? null };
}

function sideWord(direction: AudioDirection): string {
  return direction === 'input' ? 'microphone' : 'loudspeaker';
}

/** What a call plays or records instead of a sound card, in words (the kinds of `CallAudioSource`/`CallAudioSink`). */
const INSTEAD_OF_A_DEVICE: Readonly<Record<string, string>> = { silence: 'silence', tone: 'a test tone', wav: 'a file', echo: 'an echo test', null: 'nowhere' };

/**
 * A switch asked of a side that is no sound card: a call that plays files, tones or silence (a
 * bot's, a script's), or one whose device could not be opened when it started (`unavailable`).
 */
export function noDeviceAudio(direction: AudioDirection, kind: string, unavailable: string | undefined): CallError {
  const side = sideWord(direction);
  if (unavailable !== undefined) return new CallError('CALL_NO_DEVICE_AUDIO', `no ${side} could be opened when this call started (${unavailable}); it goes on without one`);
  const instead = INSTEAD_OF_A_DEVICE[kind] ?? kind;
  return new CallError('CALL_NO_DEVICE_AUDIO', `this call has no ${side} to switch: its audio ${direction === 'input' ? 'comes from' : 'goes to'} ${instead}`);
}

/** A switch the device refused, with the device the call goes on with. */
export function switchRefused(direction: AudioDirection, asked: string | null, outcome: Extract<DeviceSwitchOutcome, { ok: false }>): CallError {
  const now = outcome.name === null ? 'none is open now (the call goes on in silence while it retries)' : `still using "${outcome.name}"`;
  const target = asked === null ? 'the default device' : `"${asked}"`;
  return new CallError('CALL_DEVICE_SWITCH_FAILED', `the ${sideWord(direction)} could not be switched to ${target}: ${outcome.reason}; ${now}`);
}
