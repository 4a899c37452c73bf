import { CodedError } from '../../coded-error.js';

/**
 * Faults of the transaction layer. Each is a programming error somewhere above or inside it
 * (a TU responding twice, a timer firing in a state that does not own it, a bad table entry),
 * never something a peer can cause: input from the network is ignored where the RFC says so.
 */
export type TransactionErrorCode =
  /** An input the state machine does not accept in its current state. */
  | 'TRANSACTION_INPUT_NOT_ALLOWED'
  /** A state move missing from the machine's table of allowed moves. */
  | 'TRANSACTION_MOVE_NOT_ALLOWED'
  /** A timer started in a state it does not belong to. */
  | 'TRANSACTION_TIMER_OUTSIDE_STATE'
  /** A status code outside 100-699 (the parser should have refused the message). */
  | 'TRANSACTION_BAD_STATUS'
  | 'TRANSACTION_BAD_TIMER_CONFIG'
  /** An effect that needs a message (a response to pass up, say) came with none. */
  | 'TRANSACTION_EFFECT_WITHOUT_MESSAGE'
  | 'TRANSACTION_NOT_STARTED'
  | 'TRANSACTION_ALREADY_STARTED'
  /** A second transaction under a key that is already in the table. */
  | 'TRANSACTION_KEY_IN_USE'
  /** A request whose branch lacks the magic cookie, given without its RFC 2543 keys. */
  | 'TRANSACTION_NO_MATCH_KEYS'
  /** An ACK never creates a server transaction (§17.2.3). */
  | 'TRANSACTION_ACK_IS_NOT_A_TRANSACTION';

export class TransactionError extends CodedError<TransactionErrorCode> {
  constructor(code: TransactionErrorCode, message: string) {
    super('TransactionError', code, message);
  }
}

export function isTransactionError(error: unknown, code?: TransactionErrorCode): error is TransactionError {
  return error instanceof TransactionError && (code === undefined || error.code === code);
}
