import type { Ref } from 'react';
import type { NetworkStatus, PresenceStatus } from '../../shared/api-contract.js';
import { missedBadgeText, spokenMissedBadge } from '../view/history-view.js';
import { Icon } from './icon.js';
import { MuteToggle } from './mute-toggle.js';
import { NetworkStatusBadge } from './network-status-badge.js';
import { OwnStatusSelect } from './own-status-select.js';

type Props = {
  network: NetworkStatus | null;
  networkStale: boolean;
  muted: boolean | null;
  onMutedChange(muted: boolean): void;
  /** The user's own status, in the header so do not disturb is seen from anywhere; null until known. */
  ownStatus: PresenceStatus | null;
  onOwnStatusChange(status: PresenceStatus): Promise<boolean>;
  /** Missed calls the user has not seen; the header shows them so they are seen from anywhere. */
  missedUnseen: number;
  onShowHistory(): void;
  onOpenSettings(): void;
  settingsButtonRef?: Ref<HTMLButtonElement>;
};

export function AppHeader({ network, networkStale, muted, onMutedChange, ownStatus, onOwnStatusChange, missedUnseen, onShowHistory, onOpenSettings, settingsButtonRef }: Props) {
  const missed = missedBadgeText(missedUnseen);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        <h1 className="brand-name">Parley</h1>
      </div>
      <div className="header-controls">
        {missed !== null && (
          <button type="button" className="button missed-button" onClick={onShowHistory} data-testid="header-missed">
            <Icon name="missed" />
            <span aria-hidden="true">{missed}</span>
            <span className="visually-hidden">{spokenMissedBadge(missedUnseen)}: show the history</span>
          </button>
        )}
        <OwnStatusSelect status={ownStatus} onChange={onOwnStatusChange} />
        <NetworkStatusBadge status={network} stale={networkStale} />
        <MuteToggle muted={muted} onMutedChange={onMutedChange} />
        <button ref={settingsButtonRef} type="button" className="button" aria-haspopup="dialog" onClick={onOpenSettings} data-testid="open-settings">
          <Icon name="settings" />
          <span>Settings</span>
        </button>
      </div>
    </header>
  );
}
