/**
 * What a transaction needs from the transport layer (§18), for any message type `M`: the
 * transport layer of Parley plugs in here without the transactions knowing its message class.
 */
export interface TransactionTransport<M> {
  /**
   * Reliable (TCP, TLS, a HyperDHT stream) or not (UDP). Read once, when the transaction
   * starts: it decides which timers run (§17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).
   */
  readonly reliable: boolean;
  /**
   * Sends one message to the transaction's peer. A failure, thrown or as a rejected promise, is
   * the "transport error" of §17.1.4 and §17.2.4.
   */
  send(message: M): void | Promise<void>;
}
