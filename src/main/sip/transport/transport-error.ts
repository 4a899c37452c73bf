import { CodedError } from '../../coded-error.js';

/**
 * Faults of the transport layer (RFC 3261 §18). A send that fails rejects with one of these;
 * the transaction layer treats it as the "transport error" of §17.1.4 and §17.2.4. Input from
 * the network never throws: it is answered or dropped and counted (TransportStats).
 */
export type TransportErrorCode =
  /** A connection could not be opened (refused, unreachable, timed out, no stream to the peer). */
  | 'TRANSPORT_CONNECT_FAILED'
  /** The transport layer, or the connection a message had to go on, is closed. */
  | 'TRANSPORT_CLOSED'
  /** Bigger than a UDP datagram can carry, or than the message limits allow. */
  | 'TRANSPORT_MESSAGE_TOO_LARGE'
  /** The socket refused the bytes, or a peer stopped reading and its write buffer is full. */
  | 'TRANSPORT_SEND_FAILED'
  | 'TRANSPORT_LISTEN_FAILED'
  /** No transport of that protocol was configured. */
  | 'TRANSPORT_NOT_CONFIGURED'
  /** Not an IP address and port (there is no DNS here: RFC 3263 is out of scope), or the wrong protocol. */
  | 'TRANSPORT_BAD_ADDRESS'
  /** A response whose top Via gives nowhere to send it (§18.2.2). */
  | 'TRANSPORT_NO_ROUTE'
  /** As many connections as allowed are open. */
  | 'TRANSPORT_CONNECTION_LIMIT';

export class TransportError extends CodedError<TransportErrorCode> {
  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown }) {
    super('TransportError', code, message, options);
  }
}

export function isTransportError(error: unknown, code?: TransportErrorCode): error is TransportError {
  return error instanceof TransportError && (code === undefined || error.code === code);
}
