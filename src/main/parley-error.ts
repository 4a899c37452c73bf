import { CodedError } from './coded-error.js';

/**
 * The core's one error class: every expected fault has a stable `code` that tests and
 * callers match on (STYLE.md habit 6); the message is a sentence for people.
 */
export type ParleyErrorCode =
  | 'PROFILE_IDENTITY_CORRUPT'
  | 'PROFILE_IN_USE'
  | 'PROFILE_UNWRITABLE'
  | 'BAD_BOOTSTRAP_ADDRESS'
  | 'BAD_LISTEN_ADDRESS'
  | 'LISTEN_FAILED'
  | 'UI_NOT_BUILT'
  | 'DHT_FAILED';

export class ParleyError extends CodedError<ParleyErrorCode> {
  /** Set when the API may show this error to a UI as it is. */
  readonly apiCode?: 'BAD_ARGUMENT' | 'UNAVAILABLE';

  constructor(code: ParleyErrorCode, message: string, options?: { cause?: unknown; apiCode?: 'BAD_ARGUMENT' | 'UNAVAILABLE' }) {
    super('ParleyError', code, message, options);
    if (options?.apiCode) this.apiCode = options.apiCode;
  }
}

export function isParleyError(error: unknown, code?: ParleyErrorCode): error is ParleyError {
  return error instanceof ParleyError && (code === undefined || error.code === code);
}
