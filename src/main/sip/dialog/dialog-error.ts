import { CodedError } from '../../coded-error.js';

/**
 * What can go wrong while making or using a dialog (RFC 3261 §12). A peer's message that
 * cannot form a dialog (a 2xx without a Contact, say) is a value with one of these codes; a
 * move the state table does not allow is a fault and is thrown.
 */
export type SipDialogErrorCode =
  /** A state move missing from DIALOG_MOVES. */
  | 'DIALOG_MOVE_NOT_ALLOWED'
  /** A request or response lacks a tag that the dialog id needs (§12.1). */
  | 'DIALOG_MISSING_TAG'
  /** A message that should name the remote target has no usable Contact (§12.1.1, §12.1.2). */
  | 'DIALOG_MISSING_CONTACT'
  /** A header the dialog is built from does not parse. */
  | 'DIALOG_MALFORMED_MESSAGE'
  /** Only 101-299 responses create dialogs (§12.1). */
  | 'DIALOG_NOT_CREATING_RESPONSE'
  /** The message belongs to another dialog than the one it was given with. */
  | 'DIALOG_MISMATCH';

export class SipDialogError extends CodedError<SipDialogErrorCode> {
  constructor(code: SipDialogErrorCode, message: string) {
    super('SipDialogError', code, message);
  }
}

/** An expected failure as a value (STYLE.md habit 6). */
export type DialogResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SipDialogError };

export function dialogFailure<T>(code: SipDialogErrorCode, message: string): DialogResult<T> {
  return { ok: false, error: new SipDialogError(code, message) };
}
