import { CodedError } from '../coded-error.js';

/** Faults of the presence module: a bug, never bad input (bad documents are values, pidf.ts). */
export type PresenceErrorCode = 'PRESENCE_ILLEGAL_MOVE';

export class PresenceError extends CodedError<PresenceErrorCode> {
  constructor(code: PresenceErrorCode, message: string) {
    super('PresenceError', code, message);
  }
}
