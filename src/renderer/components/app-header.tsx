import type { NetworkStatus } from '../../shared/api-contract.js';
import { MuteToggle } from './mute-toggle.js';
import { NetworkStatusBadge } from './network-status-badge.js';

type Props = {
  network: NetworkStatus | null;
  networkStale: boolean;
  muted: boolean | null;
  onMutedChange(muted: boolean): void;
};

export function AppHeader({ network, networkStale, muted, onMutedChange }: Props) {
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        <h1 className="brand-name">Parley</h1>
      </div>
      <div className="header-controls">
        <NetworkStatusBadge status={network} stale={networkStale} />
        <MuteToggle muted={muted} onMutedChange={onMutedChange} />
      </div>
    </header>
  );
}
