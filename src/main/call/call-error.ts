import { CodedError } from '../coded-error.js';

/** Stable codes for what a call cannot do now (STYLE.md habit 6); the API shows them as they are. */
export type CallErrorCode =
  /** No call with that Call-ID (it ended, or never existed). */
  | 'CALL_NOT_FOUND'
  /** Hold, resume, mute or DTMF on a call that is not established (still ringing, or ended). */
  | 'CALL_NOT_ESTABLISHED'
  /** Answering a call that is not an incoming call ringing (answered already, or outgoing). */
  | 'CALL_NOT_RINGING'
  /** Another offer/answer exchange is in progress in the dialog (RFC 3261 §14.1: try again shortly). */
  | 'CALL_BUSY'
  /** The peer refused the re-INVITE, or it failed; the call goes on as it was. */
  | 'CALL_MODIFY_FAILED'
  /** The peer did not agree on telephone-event, or the digits are not DTMF. */
  | 'CALL_DTMF_FAILED'
  /** No endpoint that can place this kind of call (e.g. plain SIP without `--sip`). */
  | 'CALL_UNAVAILABLE'
  /** A URI no call can be placed to (no IP address, no route). */
  | 'CALL_BAD_TARGET'
  /** The other party refused a transfer (REFER), or the call it placed for it failed; the call goes on. */
  | 'CALL_TRANSFER_FAILED'
  /** A device switch on a call whose audio is not a sound card (a file, a tone, silence, or none could be opened). */
  | 'CALL_NO_DEVICE_AUDIO'
  /** The device asked for could not be used; the call goes on with the device it reports. */
  | 'CALL_DEVICE_SWITCH_FAILED';

export class CallError extends CodedError<CallErrorCode> {
  /** How the typed API shows it: the user's request cannot be done now, or was wrong. */
  readonly apiCode: 'BAD_ARGUMENT' | 'UNAVAILABLE';

  constructor(code: CallErrorCode, message: string, options?: { cause?: unknown }) {
    super('CallError', code, message, options);
    this.apiCode = code === 'CALL_NOT_FOUND' || code === 'CALL_BAD_TARGET' ? 'BAD_ARGUMENT' : 'UNAVAILABLE';
  }
}

export function isCallError(error: unknown, code?: CallErrorCode): error is CallError {
  return error instanceof CallError && (code === undefined || error.code === code);
}
