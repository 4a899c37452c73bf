import HyperDHT from 'hyperdht';
import { ParleyError } from '../parley-error.js';
import type { HostPort } from './bootstrap-address.js';

/** HyperDHT's conventional bootstrap port (its own `hyperdht --bootstrap` uses it). */
export const DEFAULT_BOOTSTRAP_PORT = 49737;
export const DEFAULT_PERSISTENT_NODES = 4;
/**
 * HyperDHT tries 49737–49742 before any free port; the nodes of a private network take any
 * free port at once so they never take the port a bootstrap node is about to use.
 */
const ANY_PORT: [number, number] = [0, 0];

/**
 * A private DHT: one bootstrap node and `nodes` persistent nodes that serve the routing
 * table, so a network without internet (a LAN, a test, the demo) has a DHT of its own.
 * Port 0 picks a free port (tests); the printed HOST:PORT is what `--bootstrap` takes.
 */
export class PrivateNetwork {
  readonly bootstrap: HostPort;
  readonly #nodes: HyperDHT[];

  private constructor(bootstrap: HostPort, nodes: HyperDHT[]) {
    this.bootstrap = bootstrap;
    this.#nodes = nodes;
  }

  static async start(options: { host: string; port: number; nodes: number }): Promise<PrivateNetwork> {
    const nodes: HyperDHT[] = [];
    try {
      // bootstrapper() refuses port 0; for an ephemeral port start a persistent node without
      // bootstrap, which is what a bootstrapper is, and read the port it got.
      const first =
        options.port === 0
          ? new HyperDHT({ ephemeral: false, firewalled: false, bootstrap: [], host: options.host, port: ANY_PORT })
          : HyperDHT.bootstrapper(options.port, options.host, { host: options.host });
      nodes.push(first);
      await first.fullyBootstrapped();
      const bootstrap = { host: options.host, port: first.address().port };
      for (let i = 0; i < options.nodes; i++) {
        const node = new HyperDHT({ ephemeral: false, firewalled: false, bootstrap: [bootstrap], host: options.host, port: ANY_PORT });
        nodes.push(node);
        await node.fullyBootstrapped();
      }
      return new PrivateNetwork(bootstrap, nodes);
    } catch (error) {
      await Promise.allSettled(nodes.map((node) => node.destroy()));
      throw new ParleyError(
        'DHT_FAILED',
        `cannot start a private DHT on ${options.host}:${options.port}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  get size(): number {
    return this.#nodes.length;
  }

  async close(): Promise<void> {
    for (const node of [...this.#nodes].reverse()) await node.destroy();
  }
}
