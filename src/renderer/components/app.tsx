import { useCallback, useRef } from 'react';
import type { CoreConnection } from '../core/core-connection.js';
import { useParleyCore } from '../state/use-parley-core.js';
import { coreLinkView } from '../view/core-link-view.js';
import { AppFooter } from './app-footer.js';
import { AppHeader } from './app-header.js';
import { ConnectionBanner } from './connection-banner.js';
import { DialerPanel } from './dialer-panel.js';
import { EmptySection } from './empty-section.js';
import { IdentityCard } from './identity-card.js';
import { NoticeList } from './notice-list.js';

export function App({ connection }: { connection: CoreConnection }) {
  const { state, actions } = useParleyCore(connection);
  const mainRef = useRef<HTMLElement>(null);
  const ready = state.load.phase === 'ready';
  const linkMessage = coreLinkView(state.link, ready);
  const focusMain = useCallback(() => mainRef.current?.focus(), []);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader
        network={state.network}
        networkStale={state.link !== 'connected'}
        muted={state.muted}
        onMutedChange={actions.setMuted}
      />
      <NoticeList notices={state.notices} onDismiss={actions.dismissNotice} focusAfterLast={focusMain} />
      <main id="main" ref={mainRef} className="app-main" tabIndex={-1} aria-busy={!ready}>
        <IdentityCard
          profile={state.profile}
          load={state.load}
          waitingMessage={linkMessage}
          onSaveDisplayName={actions.setDisplayName}
          onRetry={actions.retryLoad}
        />
        <div className="app-column">
          <DialerPanel dial={state.dial} onAddressChange={actions.editDialAddress} />
          <EmptySection id="calls" title="Calls" icon="phone" emptyText="No calls. Active and recent calls will show here." />
        </div>
        <div className="app-column">
          <EmptySection
            id="buddies"
            title="Buddies"
            icon="people"
            emptyText="No buddies yet. People you add will show here with their presence."
          />
          <EmptySection
            id="conferences"
            title="Conferences"
            icon="conference"
            emptyText="No conferences. Ones you host or join will show here."
          />
          <EmptySection
            id="voicemail"
            title="Voicemail"
            icon="voicemail"
            emptyText="No voicemail. Messages left while you are offline will show here."
          />
        </div>
      </main>
      <AppFooter appInfo={state.appInfo} />
      {ready && linkMessage !== null && <ConnectionBanner message={linkMessage} />}
    </div>
  );
}
