import type { NetworkState } from '../../shared/api-contract.js';

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
