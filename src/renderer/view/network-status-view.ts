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

type NatType = NetworkStatus['nat'];

/** What the NAT type means for calls, in the user's words. */
const NAT_TEXT: Record<NatType, string> = {
  open: 'Open — reachable directly',
  consistent: 'Behind a NAT that keeps ports — direct calls work',
  random: 'Behind a NAT that changes ports — some calls may need a relay',
  unknown: 'Not measured yet',
};

export function natText(nat: NatType): string {
  return NAT_TEXT[nat];
}

/** One line of the network details: a term and its value. */
export type NetworkDetail = { term: string; value: string };

const STATE_TEXT: Record<NetworkStatus['state'], string> = {
  connecting: 'Connecting…',
  online: 'Online',
  offline: 'Offline',
};

/**
 * The network status in full, for the settings: the DHT's state, its peers, how it was joined,
 * what the NAT in front of this machine does and where the others see us. Null while unknown.
 */
export function networkDetails(status: NetworkStatus | null): readonly NetworkDetail[] | null {
  if (!status) return null;
  const nodes = status.bootstrap.length > 0 ? status.bootstrap.join(', ') : 'the default bootstrap nodes';
  return [
    { term: 'DHT', value: STATE_TEXT[status.state] },
    { term: 'Peers', value: String(status.peers) },
    { term: 'Bootstrap', value: `${status.privateNetwork ? 'Private DHT' : 'Public DHT'}: ${nodes}` },
    { term: 'NAT', value: natText(status.nat) },
    { term: 'Public address', value: status.publicAddress ?? 'Not known yet' },
  ];
}
