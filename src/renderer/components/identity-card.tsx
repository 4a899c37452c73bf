import type { Profile } from '../../shared/api-contract.js';
import type { LoadState } from '../state/app-state.js';
import { DisplayNameEditor } from './display-name-editor.js';
import { QrCodeImage } from './qr-code-image.js';
import { SipUriCopy } from './sip-uri-copy.js';

type Props = {
  profile: Profile | null;
  load: LoadState;
  /** What to say while there is no profile yet: the link to the core, if it is not up. */
  waitingMessage: string | null;
  onSaveDisplayName(displayName: string): Promise<string | null>;
  onRetry(): void;
};

/** Who you are on the network: your name, your address, and its QR code. */
export function IdentityCard({ profile, load, waitingMessage, onSaveDisplayName, onRetry }: Props) {
  return (
    <section className="card identity-card" aria-labelledby="identity-heading" aria-busy={profile === null}>
      <h2 id="identity-heading" className="card-title">
        You
      </h2>
      {profile !== null ? (
        <div className="identity-body">
          <div className="identity-fields">
            <DisplayNameEditor displayName={profile.displayName} onSave={onSaveDisplayName} />
            <SipUriCopy uri={profile.uri} />
          </div>
          <QrCodeImage text={profile.uri} caption="Scan to get this address" />
        </div>
      ) : load.phase === 'failed' ? (
        <div className="identity-waiting" role="alert">
          <p>Could not load your profile: {load.error.message}</p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : (
        <div className="identity-waiting" role="status">
          <span className="spinner" aria-hidden="true" />
          <p>{waitingMessage ?? 'Loading…'}</p>
        </div>
      )}
    </section>
  );
}
