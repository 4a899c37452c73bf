import HyperDHT from 'hyperdht';
import type { NetworkStatus } from '../../shared/api-contract.js';
import { ParleyError } from '../parley-error.js';
import { TypedEmitter } from '../typed-emitter.js';
import { formatHostPort, isLoopbackHost, type HostPort } from './bootstrap-address.js';
import { networkStateOf } from './network-status.js';

export interface DhtNodeOptions {
  /** Private DHT bootstrap nodes; omitted = HyperDHT's public bootstrap. */
  bootstrap?: HostPort[];
  /** Milliseconds since the epoch; injected so tests control `since`. */
  now?: () => number;
}

type DhtNodeEvents = { statusChanged: NetworkStatus };

/**
 * This device's node in the DHT, and the network status the UI shows. HyperDHT binds
 * 0.0.0.0 by default; when every bootstrap node is on loopback (a private test or demo
 * network) it binds 127.0.0.1, where such a network can actually reach it.
 */
export class DhtNode extends TypedEmitter<DhtNodeEvents> {
  readonly dht: HyperDHT;
  readonly #bootstrap: string[];
  readonly #private: boolean;
  readonly #now: () => number;
  #status: NetworkStatus;
  #closed = false;

  constructor(options: DhtNodeOptions = {}) {
    super();
    this.#now = options.now ?? Date.now;
    this.#private = options.bootstrap !== undefined;
    const loopbackOnly = options.bootstrap !== undefined && options.bootstrap.every((b) => isLoopbackHost(b.host));
    try {
      this.dht = new HyperDHT({
        ...(options.bootstrap ? { bootstrap: options.bootstrap } : {}),
        ...(loopbackOnly ? { host: '127.0.0.1' } : {}),
      });
    } catch (error) {
      throw new ParleyError('DHT_FAILED', `cannot start the DHT node: ${(error as Error).message}`, { cause: error });
    }
    this.#bootstrap = (options.bootstrap ?? []).map(formatHostPort);
    if (!options.bootstrap) this.#bootstrap.push(...HyperDHT.BOOTSTRAP);
    this.#status = { state: 'connecting', peers: 0, bootstrap: this.#bootstrap, privateNetwork: this.#private, since: this.#now() };
    const refresh = (): void => this.#refresh();
    for (const event of ['ready', 'add-node', 'remove-node', 'network-update', 'persistent', 'close']) {
      this.dht.on(event, refresh);
    }
    // A failed bind surfaces here; the status says offline rather than the process dying.
    this.dht.ready().then(refresh, refresh);
  }

  get status(): NetworkStatus {
    return this.#status;
  }

  /** Resolves when the first bootstrap attempt has finished, online or not. */
  async ready(): Promise<void> {
    try {
      await this.dht.ready();
    } catch {
      // reported through the status
    }
    this.#refresh();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.dht.destroy();
    this.#refresh();
  }

  #refresh(): void {
    const peers = this.dht.destroyed ? 0 : this.dht.toArray().length;
    const state = networkStateOf({
      bootstrapped: this.dht.bootstrapped,
      online: this.dht.online,
      destroyed: this.dht.destroyed || this.#closed,
      peers,
    });
    const previous = this.#status;
    if (state === previous.state && peers === previous.peers) return;
    this.#status = { ...previous, state, peers, since: state === previous.state ? previous.since : this.#now() };
    this.emit('statusChanged', this.#status);
  }
}
