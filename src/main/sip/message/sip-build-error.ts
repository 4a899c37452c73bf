import { CodedError } from '../../coded-error.js';

/**
 * A fault in code that builds messages (not in what a peer sent): a header name that is not a
 * token, a value with a CR or LF that would inject a header line, a Via that does not parse.
 * These are bugs in the caller, so they throw, with a stable code (STYLE.md habit 6).
 */
export type SipBuildErrorCode = 'INVALID_HEADER_NAME' | 'INVALID_HEADER_VALUE' | 'INVALID_MESSAGE_PART';

export class SipBuildError extends CodedError<SipBuildErrorCode> {
  constructor(code: SipBuildErrorCode, message: string) {
    super('SipBuildError', code, message);
  }
}
