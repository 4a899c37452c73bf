import { CodedError } from '../../coded-error.js';

/** Stable codes for codec faults (STYLE.md habit 6): tests and callers match on these. */
export type MediaCodecErrorCode =
  /** No codec by that encoding name (`createCodec`). */
  | 'CODEC_UNKNOWN'
  /** An option out of its range (bitrate, complexity, loss percentage). */
  | 'CODEC_BAD_OPTION'
  /** `encode` was given a frame of the wrong length. */
  | 'CODEC_BAD_FRAME'
  /** A payload from the network that cannot be decoded (empty, too long, corrupt). */
  | 'CODEC_BAD_PAYLOAD'
  /** The Opus library answered an error code. */
  | 'CODEC_FAILED'
  /** The encoder or decoder was used after `delete()`. */
  | 'CODEC_DELETED'
  /** The Opus backend (opusscript's WebAssembly build) could not be loaded. */
  | 'CODEC_BACKEND_UNAVAILABLE'
  /** A telephone-event payload shorter than 4 bytes or an unknown DTMF digit. */
  | 'TELEPHONE_EVENT_INVALID';

export class MediaCodecError extends CodedError<MediaCodecErrorCode> {
  constructor(code: MediaCodecErrorCode, message: string, options?: { cause?: unknown }) {
    super('MediaCodecError', code, message, options);
  }
}

export function isMediaCodecError(error: unknown, code?: MediaCodecErrorCode): error is MediaCodecError {
  return error instanceof MediaCodecError && (code === undefined || error.code === code);
}
