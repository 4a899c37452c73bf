import HyperDHT, { type HostPort } from 'hyperdht';

/** Any free port: HyperDHT's default tries 49737–49742 first, where a parallel test may sit. */
const ANY_PORT: [number, number] = [0, 0];
const HOST = '127.0.0.1';

/**
 * An in-process HyperDHT network on 127.0.0.1 (after hyperdht's own testnet.js), so tests never
 * touch the internet: a bootstrap node and `size - 1` persistent nodes, then as many ephemeral
 * peer nodes as a test asks for. The bootstrap node is what `HyperDHT.bootstrapper` makes — a
 * persistent node with no bootstrap of its own — started directly because bootstrapper()
 * refuses port 0. close() destroys every node, peers first.
 */
export class LocalTestnet {
  readonly bootstrap: HostPort[];
  readonly #network: HyperDHT[];
  readonly #peers: HyperDHT[] = [];

  private constructor(bootstrap: HostPort[], network: HyperDHT[]) {
    this.bootstrap = bootstrap;
    this.#network = network;
  }

  static async start(size = 10): Promise<LocalTestnet> {
    const network: HyperDHT[] = [];
    try {
      const first = new HyperDHT({ ephemeral: false, firewalled: false, bootstrap: [], host: HOST, port: ANY_PORT });
      network.push(first);
      await first.fullyBootstrapped();
      const bootstrap = [{ host: HOST, port: first.address().port }];
      while (network.length < size) {
        const node = new HyperDHT({ ephemeral: false, firewalled: false, bootstrap, host: HOST, port: ANY_PORT });
        network.push(node);
        await node.fullyBootstrapped();
      }
      return new LocalTestnet(bootstrap, network);
    } catch (error) {
      await Promise.allSettled(network.map((node) => node.destroy()));
      throw error;
    }
  }

  /** A fresh ephemeral node, as a device runs, bootstrapped into the testnet. */
  async createNode(): Promise<HyperDHT> {
    const node = new HyperDHT({ bootstrap: this.bootstrap, host: HOST, port: ANY_PORT });
    this.#peers.push(node);
    await node.fullyBootstrapped();
    return node;
  }

  async close(): Promise<void> {
    for (const node of [...this.#peers].reverse()) await node.destroy();
    for (const node of [...this.#network].reverse()) await node.destroy();
  }
}
