import HyperDHT from 'hyperdht';
import type { NetworkStatus } from '../../shared/api-contract.js';
import { ParleyError } from '../parley-error.js';
import { TypedEmitter } from '../typed-emitter.js';
import { formatHostPort, isLoopbackHost, type HostPort } from './bootstrap-address.js';
import { natOf, networkStateOf, type NatSamples } from './network-status.js';

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
    // Unknown until the DHT's other nodes have replied: nothing is guessed from local addresses.
    this.#status = { state: 'connecting', peers: 0, bootstrap: this.#bootstrap, privateNetwork: this.#private, since: this.#now(), nat: 'unknown', publicAddress: null };
    const refresh = (): void => this.#refresh();
    // 'nat-update': the sampled address changed; 'persistent': the firewall probe found us reachable.
    for (const event of ['ready', 'add-node', 'remove-node', 'network-update', 'nat-update', 'persistent', 'close']) {
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
    // A closed node measures nothing any more: what it saw is no longer the truth.
    const { nat, publicAddress } = natOf(this.dht.destroyed || this.#closed ? NOTHING_MEASURED : this.#natSamples());
    const previous = this.#status;
    if (state === previous.state && peers === previous.peers && nat === previous.nat && publicAddress === previous.publicAddress) return;
    this.#status = { ...previous, state, peers, nat, publicAddress, since: state === previous.state ? previous.since : this.#now() };
    this.emit('statusChanged', this.#status);
  }

  #natSamples(): NatSamples {
    return { host: this.dht.host, port: this.dht.port, firewalled: this.dht.firewalled, samples: natSampleCount(this.dht) };
  }
}

const NOTHING_MEASURED: NatSamples = { host: null, port: 0, firewalled: true, samples: 0 };

/**
 * How many replies dht-rpc's NAT sampler has counted. dht-rpc keeps the count on a private
 * field (`_nat.size`, from nat-sampler); it is read defensively, so a version without it reads
 * as no samples and the NAT stays `unknown` rather than guessed (the testnet test then fails).
 */
function natSampleCount(dht: HyperDHT): number {
  const sampler: unknown = Reflect.get(dht, '_nat');
  const size: unknown = typeof sampler === 'object' && sampler !== null ? Reflect.get(sampler, 'size') : undefined;
  return typeof size === 'number' ? size : 0;
}
