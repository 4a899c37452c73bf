import type { NetworkState, NetworkStatus } from '../../shared/api-contract.js';

/** What the DHT node reports, reduced to what decides the status (pure, for tests). */
export interface DhtHealth {
  bootstrapped: boolean;
  online: boolean;
  destroyed: boolean;
  peers: number;
}

/**
 * connecting: the first bootstrap query has not finished;
 * online: bootstrapped, the health check sees responses, and the routing table has nodes;
 * offline: anything else (no bootstrap node answered, the network went away, shut down).
 */
export function networkStateOf(health: DhtHealth): NetworkState {
  if (health.destroyed) return 'offline';
  if (!health.bootstrapped) return 'connecting';
  return health.online && health.peers > 0 ? 'online' : 'offline';
}

/** How the DHT's other nodes see this node's UDP address (dht-rpc's NAT sampler and firewall probe). */
export interface NatSamples {
  /** The address most replies saw us at; null until they agree on one. */
  host: string | null;
  /** The port they agree on; 0 when they agree on the host only (a port per peer) or on nothing. */
  port: number;
  /** False once other nodes reached our server socket unasked (dht-rpc's firewall probe): nothing filters us. */
  firewalled: boolean;
  /** Replies the sampler has counted so far. */
  samples: number;
}

export type NatType = NetworkStatus['nat'];

/**
 * One or two replies always "agree": a port-randomising NAT only shows once several nodes saw
 * different ports. HyperDHT's own holepunch analysis waits for the same 3 samples before it
 * calls a NAT consistent or random (hyperdht lib/nat.js).
 */
export const MIN_NAT_SAMPLES = 3;

/**
 * What the settings page says about the network in front of us, never more than was measured:
 * open: other nodes reached our server socket unasked, at the address they see;
 * consistent: a firewall or NAT that keeps one public port for every peer (hole-punching works);
 * random: the host is agreed but each peer saw another port (calls may need a relay);
 * unknown: too few replies yet, or no agreement. The public address is shown only when it is one
 * address for everybody.
 */
export function natOf(samples: NatSamples): { nat: NatType; publicAddress: string | null } {
  const { host, port } = samples;
  if (host === null) return { nat: 'unknown', publicAddress: null };
  const address = port > 0 ? `${host}:${port}` : null;
  // The firewall probe clears `firewalled` only after replies agreed on host and port.
  if (!samples.firewalled && address !== null) return { nat: 'open', publicAddress: address };
  if (samples.samples < MIN_NAT_SAMPLES) return { nat: 'unknown', publicAddress: null };
  return address === null ? { nat: 'random', publicAddress: null } : { nat: 'consistent', publicAddress: address };
}
