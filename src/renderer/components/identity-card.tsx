import type { Profile } from '../../shared/api-contract.js';
import type { LoadState } from '../state/app-state.js';
import { formatInviteLink } from '../view/invite-link.js';
import { DisplayNameEditor } from './display-name-editor.js';
import { InviteLinkCopy } from './invite-link-copy.js';
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

/** Who you are on the network: your name, your address, and your invite link as text and as a QR code. */
export function IdentityCard({ profile, load, waitingMessage, onSaveDisplayName, onRetry }: Props) {
  const inviteLink = profile === null ? '' : formatInviteLink({ uri: profile.uri, displayName: profile.displayName });
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
            <InviteLinkCopy link={inviteLink} />
          </div>
          <QrCodeImage text={inviteLink} caption="Others scan this to add you" alt={`QR code of the invite link to ${profile.uri}`} />
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
