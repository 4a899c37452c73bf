import type { NetworkStatus } from '../../shared/api-contract.js';
import { networkStatusView } from '../view/network-status-view.js';

type Props = {
  status: NetworkStatus | null;
  /** The link to the core is down, so what is shown may be out of date. */
  stale: boolean;
};

export function NetworkStatusBadge({ status, stale }: Props) {
  const view = networkStatusView(status);
  return (
    <div className={stale ? 'network-status is-stale' : 'network-status'} title={view.description}>
      <span className={`network-state tone-${view.tone}`} data-testid="network-state">
        <span className="status-dot" aria-hidden="true" />
        {view.label}
      </span>
      {view.privateNetworkLabel !== null && (
        <span className="badge badge-private" data-testid="private-network">
          {view.privateNetworkLabel}
        </span>
      )}
      <span className="visually-hidden">{view.description}</span>
    </div>
  );
}
