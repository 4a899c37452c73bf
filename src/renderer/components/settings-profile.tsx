import type { Profile } from '../../shared/api-contract.js';
import { DisplayNameEditor } from './display-name-editor.js';

type Props = {
  profile: Profile | null;
  onSaveDisplayName(displayName: string): Promise<string | null>;
};

/** The own display name, editable here as on the identity card. */
export function ProfileSettings({ profile, onSaveDisplayName }: Props) {
  return (
    <section className="settings-section" aria-labelledby="settings-profile-heading" aria-busy={profile === null}>
      <h3 id="settings-profile-heading" className="settings-section-title">
        You
      </h3>
      {profile !== null ? (
        <DisplayNameEditor displayName={profile.displayName} onSave={onSaveDisplayName} />
      ) : (
        <p className="list-waiting" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading…
        </p>
      )}
    </section>
  );
}
