import { TransactionError } from './transaction-error.js';
import {
  cancelTargetKey,
  clientTransactionKey,
  newServerTransactionKey,
  serverTransactionKey,
  type ClientMatchKeys,
  type ServerMatchKeys,
  type TransactionKey,
} from './transaction-key.js';

/**
 * The live transactions of one element, found by the matching rules of §17.1.3 and §17.2.3.
 * It holds whatever objects it is given (`C` client, `S` server transactions) and never looks
 * at a message. Whoever adds a transaction removes it when it terminates (§17.1.1.2: "destroyed
 * the instant it enters the Terminated state").
 */
export class TransactionTable<C, S> {
  readonly #clients = new Map<TransactionKey, C>();
  readonly #servers = new Map<TransactionKey, S>();

  get clientCount(): number {
    return this.#clients.size;
  }

  get serverCount(): number {
    return this.#servers.size;
  }

  addClient(keys: ClientMatchKeys, transaction: C): TransactionKey {
    return add(this.#clients, clientTransactionKey(keys), transaction);
  }

  addServer(keys: ServerMatchKeys, transaction: S): TransactionKey {
    return add(this.#servers, newServerTransactionKey(keys), transaction);
  }

  /** The client transaction a response belongs to (§17.1.3); none means a stray response. */
  matchResponse(keys: ClientMatchKeys): C | undefined {
    return this.#clients.get(clientTransactionKey(keys));
  }

  /** The server transaction a request (a retransmission, or an ACK for its INVITE) belongs to. */
  matchRequest(keys: ServerMatchKeys): S | undefined {
    const found = serverTransactionKey(keys);
    return found === undefined ? undefined : this.#servers.get(found);
  }

  /** The INVITE server transaction a CANCEL refers to (§9.2); none means 481. */
  matchCancelTarget(cancel: ServerMatchKeys): S | undefined {
    const found = cancelTargetKey(cancel);
    return found === undefined ? undefined : this.#servers.get(found);
  }

  delete(key: TransactionKey): boolean {
    return this.#clients.delete(key) || this.#servers.delete(key);
  }
}

function add<T>(map: Map<TransactionKey, T>, key: TransactionKey, transaction: T): TransactionKey {
  if (map.has(key)) throw new TransactionError('TRANSACTION_KEY_IN_USE', `a transaction is already filed under ${key}`);
  map.set(key, transaction);
  return key;
}
