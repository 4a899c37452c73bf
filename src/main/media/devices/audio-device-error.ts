import { CodedError } from '../../coded-error.js';

/** Stable codes for audio device faults (STYLE.md habit 6). */
export type AudioDeviceErrorCode =
  /** naudiodon's binding cannot be loaded: not built, or libportaudio/libasound missing. */
  | 'AUDIO_BACKEND_UNAVAILABLE'
  /** No device (named or default) can capture or play in the direction asked for. */
  | 'AUDIO_DEVICE_NOT_FOUND'
  /** PortAudio refused every format we offered the device, or failed to start it. */
  | 'AUDIO_DEVICE_OPEN_FAILED';

export class AudioDeviceError extends CodedError<AudioDeviceErrorCode> {
  constructor(code: AudioDeviceErrorCode, message: string, options?: { cause?: unknown }) {
    super('AudioDeviceError', code, message, options);
  }
}

export function isAudioDeviceError(error: unknown, code?: AudioDeviceErrorCode): error is AudioDeviceError {
  return error instanceof AudioDeviceError && (code === undefined || error.code === code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
