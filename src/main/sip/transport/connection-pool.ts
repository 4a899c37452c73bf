/**
 * The open connections of one stream transport, indexed as RFC 3261 §18 says: by the far end's
 * address, port and transport (the destination for connections we open, the source for those we
 * accept), so requests and responses share them, and by connection id, so a response goes back
 * on the very connection its request came on (§18.2.2).
 */
import { normalizeHost } from './normalize-host.js';
import { type TransportAddress } from './sip-transport.js';
import { type StreamConnection } from './stream-connection.js';

/** The pool key of a far end: a PARLEY peer is its key whatever the port; an IP peer is host and port. */
export function remoteKey(address: TransportAddress): string {
  return address.protocol === 'PARLEY' ? address.host.toLowerCase() : `${normalizeHost(address.host)}|${address.port}`;
}

export class ConnectionPool {
  readonly #byId = new Map<string, StreamConnection>();
  readonly #byRemote = new Map<string, StreamConnection>();

  get size(): number {
    return this.#byId.size;
  }

  /** The newest connection to a far end is the one reused. */
  add(connection: StreamConnection): void {
    this.#byId.set(connection.id, connection);
    this.#byRemote.set(remoteKey(connection.remote), connection);
  }

  remove(connection: StreamConnection): void {
    this.#byId.delete(connection.id);
    const key = remoteKey(connection.remote);
    if (this.#byRemote.get(key) === connection) {
      this.#byRemote.delete(key);
      // An older connection to the same far end takes over, if one is still open.
      for (const other of this.#byId.values()) if (remoteKey(other.remote) === key) this.#byRemote.set(key, other);
    }
  }

  byId(connectionId: string): StreamConnection | undefined {
    const connection = this.#byId.get(connectionId);
    return connection?.isOpen ? connection : undefined;
  }

  byRemote(address: TransportAddress): StreamConnection | undefined {
    const connection = this.#byRemote.get(remoteKey(address));
    return connection?.isOpen ? connection : undefined;
  }
}
