import { CodedError } from '../../coded-error.js';

/**
 * Faults of the UA core, thrown at the caller who asked for something impossible (accepting a
 * call twice, a target no transport can reach). What a peer does is never thrown: it becomes a
 * response, an event or a `failed` outcome. A SIP error knows its status code when it has one.
 */
export type SipUaErrorCode =
  /** The UA core was closed. */
  | 'UA_CLOSED'
  /** No transport address for the URI (resolveDestination gave none). */
  | 'UA_NO_ROUTE'
  /** A URI that does not parse, or is not a SIP URI where one is needed. */
  | 'UA_INVALID_URI'
  /** Any other argument the operation cannot use (an event package that is not a token). */
  | 'UA_INVALID_ARGUMENT'
  /** The transport offers no local address for the protocol a request needs (Via, Contact). */
  | 'UA_NO_LOCAL_ADDRESS'
  /** The object is in a state where this call makes no sense (accept after reject, BYE after end). */
  | 'UA_INVALID_STATE'
  /** A move an explicit state table does not allow: a bug in the UA core. */
  | 'UA_STATE_MOVE_NOT_ALLOWED'
  /** §14.1: a re-INVITE while another INVITE transaction is in progress in the dialog. */
  | 'UA_REQUEST_PENDING'
  /** A status code the operation cannot send (reject(200), progress(486)). */
  | 'UA_BAD_STATUS'
  /** RFC 3428: a MESSAGE over UDP larger than 1300 bytes. */
  | 'UA_MESSAGE_TOO_LARGE'
  /** A message could not form the dialog it should (a 2xx without Contact, say). */
  | 'UA_DIALOG_FAILED';

export class SipUaError extends CodedError<SipUaErrorCode> {
  /** The SIP status that describes the failure, when one does. */
  readonly status: number | undefined;

  constructor(code: SipUaErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super('SipUaError', code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
  }
}

export function isSipUaError(error: unknown, code?: SipUaErrorCode): error is SipUaError {
  return error instanceof SipUaError && (code === undefined || error.code === code);
}
