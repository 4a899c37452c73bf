import { CodedError } from '../../coded-error.js';

/** Stable codes for media session and media worker faults (STYLE.md habit 6). */
export type MediaSessionErrorCode =
  /** A negotiated codec, payload type, clock rate or option the session cannot use. */
  | 'MEDIA_BAD_CONFIG'
  /** `sendDtmf` on a session without a negotiated telephone-event payload type. */
  | 'MEDIA_DTMF_NOT_NEGOTIATED'
  /** Digits that are not DTMF (0–9, *, #, A–D). */
  | 'MEDIA_BAD_DIGITS'
  /** The session was used after `close()`. */
  | 'MEDIA_SESSION_CLOSED'
  /** A WAV file to play that cannot be read or decoded. */
  | 'MEDIA_SOURCE_UNREADABLE'
  /** A recording that cannot be written. */
  | 'MEDIA_SINK_UNWRITABLE'
  /** No microphone or loudspeaker could be opened for a session (naudiodon missing, no device, or a refused format). */
  | 'MEDIA_DEVICE_UNAVAILABLE'
  /** `switchDevice` for a side of a session that is not a sound card (it plays a file, a tone or silence). */
  | 'MEDIA_NOT_A_DEVICE'
  /** The UDP socket could not be bound or failed. */
  | 'MEDIA_TRANSPORT_FAILED'
  /** A worker request that does not match the protocol. */
  | 'MEDIA_BAD_REQUEST'
  | 'MEDIA_UNKNOWN_SESSION'
  | 'MEDIA_SESSION_EXISTS'
  /** The session is already started (or not started when it must be). */
  | 'MEDIA_BAD_STATE'
  /** The media worker died; its sessions are gone. */
  | 'MEDIA_WORKER_CRASHED'
  /** A request to a worker that was closed. */
  | 'MEDIA_WORKER_CLOSED'
  /** A fault inside the worker that was not one of the above. */
  | 'MEDIA_INTERNAL';

export class MediaSessionError extends CodedError<MediaSessionErrorCode> {
  constructor(code: MediaSessionErrorCode, message: string, options?: { cause?: unknown }) {
    super('MediaSessionError', code, message, options);
  }
}

export function isMediaSessionError(error: unknown, code?: MediaSessionErrorCode): error is MediaSessionError {
  return error instanceof MediaSessionError && (code === undefined || error.code === code);
}
