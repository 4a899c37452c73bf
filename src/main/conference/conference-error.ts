import { CodedError } from '../coded-error.js';

/** Stable codes for what a conference command cannot do (STYLE.md habit 6). */
export type ConferenceErrorCode =
  /** This node neither hosts nor has joined that conference (or it has ended). */
  | 'CONFERENCE_NOT_FOUND'
  /** No member with that id in the roster (they left, or were removed). */
  | 'CONFERENCE_MEMBER_NOT_FOUND'
  /** Only the host (the focus) may do this: mute or remove someone, lock. */
  | 'CONFERENCE_NOT_HOST'
  /** The conference record could not be found or read in the DHT, or names no focus. */
  | 'CONFERENCE_NO_RECORD'
  /** Joined already (a second call to the same conference from this node). */
  | 'CONFERENCE_ALREADY_JOINED'
  /** The record could not be published, the mixer did not open, or a request to the focus failed. */
  | 'CONFERENCE_UNAVAILABLE';

export class ConferenceError extends CodedError<ConferenceErrorCode> {
  /** How the typed API shows it. */
  readonly apiCode: 'BAD_ARGUMENT' | 'UNAVAILABLE';

  constructor(code: ConferenceErrorCode, message: string, options?: { cause?: unknown }) {
    super('ConferenceError', code, message, options);
    this.apiCode = code === 'CONFERENCE_NOT_FOUND' || code === 'CONFERENCE_MEMBER_NOT_FOUND' ? 'BAD_ARGUMENT' : 'UNAVAILABLE';
  }
}

export function isConferenceError(error: unknown, code?: ConferenceErrorCode): error is ConferenceError {
  return error instanceof ConferenceError && (code === undefined || error.code === code);
}
