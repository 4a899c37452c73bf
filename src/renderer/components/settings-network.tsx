import type { NetworkStatus } from '../../shared/api-contract.js';
import { networkDetails } from '../view/network-status-view.js';

type Props = {
  network: NetworkStatus | null;
  /** The link to the core is down, so what is shown may be out of date. */
  stale: boolean;
};

/** The DHT as this node sees it: state, peers, bootstrap, NAT type and public address, live. */
export function NetworkSettings({ network, stale }: Props) {
  const details = networkDetails(network);
  return (
    <section className="settings-section" aria-labelledby="settings-network-heading" aria-busy={details === null}>
      <h3 id="settings-network-heading" className="settings-section-title">
        Network
      </h3>
      {details === null ? (
        <p className="list-waiting" role="status">
          <span className="spinner" aria-hidden="true" />
          Waiting for the Parley core…
        </p>
      ) : (
        <dl className={stale ? 'network-details is-stale' : 'network-details'} data-testid="settings-network">
          {details.map((detail) => (
            <div key={detail.term} className="network-detail">
              <dt>{detail.term}</dt>
              <dd>{detail.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <p className="field-hint" role="status">
        {stale && details !== null ? 'Not connected to the core: this may be out of date.' : '\u00a0'}
      </p>
    </section>
  );
}
