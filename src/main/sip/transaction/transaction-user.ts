/**
 * The transaction user (TU: the UA core, a dialog, a proxy core) as the transactions see it.
 * Each method is called once the transaction's own state is settled, so a TU may call back
 * into the transaction (respond from `receiveRequest`, say) straight away.
 */

export interface ClientTransactionUser<M> {
  /** A response that matched the transaction and that §17.1 says the TU must see. */
  receiveResponse(response: M): void;
  /** Timer B or F fired before a final response arrived (§17.1.1.2, §17.1.2.2). */
  timedOut(): void;
  /** The transport could not send the request or the ACK; the transaction has terminated. */
  transportFailed(error: unknown): void;
}

export interface ServerTransactionUser<M> {
  /** The request that created the transaction (retransmissions are the transaction's business). */
  receiveRequest(request: M): void;
  /**
   * The transport could not send a response. A non-INVITE server transaction has terminated;
   * an INVITE server transaction stays in its state and lets its timers end it (RFC 6026 §7.1).
   */
  transportFailed(error: unknown): void;
}

export interface InviteServerTransactionUser<M> extends ServerTransactionUser<M> {
  /** An ACK that matched the transaction after a 2xx (RFC 6026 Accepted state). */
  receiveAck(ack: M): void;
  /** Timer H fired: no ACK came for a non-2xx final response (§17.2.1). */
  timedOut(): void;
}
