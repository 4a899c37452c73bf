import type { NetworkStatus } from '../../shared/api-contract.js';

export type NetworkTone = 'pending' | 'good' | 'bad';

export type NetworkStatusView = {
  /** "Connecting…", "Online · 3 DHT peers" or "Offline". */
  label: string;
  tone: NetworkTone;
  /** Shown beside the label when the DHT is a private one (`--bootstrap`); null on the public DHT. */
  privateNetworkLabel: string | null;
  /** Longer text for a tooltip and screen readers: which DHT, through which bootstrap nodes. */
  description: string;
};

function peersText(peers: number): string {
  return `${peers} DHT ${peers === 1 ? 'peer' : 'peers'}`;
}

/** How the core's network status reads in the header; null means it is not known yet. */
export function networkStatusView(status: NetworkStatus | null): NetworkStatusView {
  if (!status) {
    return { label: 'Connecting…', tone: 'pending', privateNetworkLabel: null, description: 'Waiting for the Parley core' };
  }
  const scope = status.privateNetwork ? 'private DHT' : 'public DHT';
  const through = status.bootstrap.length > 0 ? ` through ${status.bootstrap.join(', ')}` : '';
  const privateNetworkLabel = status.privateNetwork ? 'Private network' : null;
  switch (status.state) {
    case 'connecting':
      return { label: 'Connecting…', tone: 'pending', privateNetworkLabel, description: `Joining the ${scope}${through}` };
    case 'online':
      return {
        label: `Online · ${peersText(status.peers)}`,
        tone: 'good',
        privateNetworkLabel,
        description: `On the ${scope}${through}, ${peersText(status.peers)} in the routing table`,
      };
    case 'offline':
      return { label: 'Offline', tone: 'bad', privateNetworkLabel, description: `Cannot reach the ${scope}${through}` };
  }
}
