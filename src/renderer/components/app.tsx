import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { CoreConnection } from '../core/core-connection.js';
import { isRinging } from '../state/calls-state.js';
import { useCallAlerts } from '../state/use-call-alerts.js';
import { useParleyCore } from '../state/use-parley-core.js';
import { useSettings } from '../state/use-settings.js';
import { coreLinkView } from '../view/core-link-view.js';
import { AppFooter } from './app-footer.js';
import { AppHeader } from './app-header.js';
import { BuddyList } from './buddy-list.js';
import { CallsSection } from './calls-section.js';
import { ConferenceCommandsContext } from './conference-commands-context.js';
import { ConferencesSection } from './conferences-section.js';
import { ConnectionBanner } from './connection-banner.js';
import { DialerPanel } from './dialer-panel.js';
import { EmptySection } from './empty-section.js';
import { HistorySection } from './history-section.js';
import { IdentityCard } from './identity-card.js';
import { NoticeList } from './notice-list.js';
import { RingingCalls } from './ringing-calls.js';
import { SettingsDialog } from './settings-dialog.js';

export function App({ connection }: { connection: CoreConnection }) {
  const { state, actions } = useParleyCore(connection);
  const mainRef = useRef<HTMLElement>(null);
  const callsRef = useRef<HTMLElement>(null);
  const historyRef = useRef<HTMLElement>(null);
  const settingsButtonRef = useRef<HTMLButtonElement>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settings = useSettings(connection.api);
  const [focusCallId, setFocusCallId] = useState<string | null>(null);
  const ready = state.load.phase === 'ready';
  const linkMessage = coreLinkView(state.link, ready);
  const focusMain = useCallback(() => mainRef.current?.focus(), []);
  const ringing = state.calls.calls.filter((entry) => isRinging(entry.view));
  useFocusRescue(state.calls.calls.map((entry) => `${entry.view.callId}|${isRinging(entry.view)}`).join('\n'), callsRef);
  const contacts = state.contacts.phase === 'ready' ? state.contacts.value : [];
  const knownContacts = state.contacts.phase === 'ready' ? state.contacts.value : null;
  const alerts = useCallAlerts(connection.api, state.calls, state.ringtone, knownContacts);
  const missedUnseen = state.history.phase === 'ready' ? state.history.value.missedUnseen : 0;
  const showHistory = useCallback(() => {
    historyRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    // Focusing the history marks the missed calls as seen.
    historyRef.current?.focus({ preventScroll: true });
  }, []);
  const closeSettings = useCallback(() => {
    setSettingsOpen(false);
    settingsButtonRef.current?.focus();
  }, []);

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
        ownStatus={state.presence.own}
        onOwnStatusChange={actions.presence.setOwnPresence}
        missedUnseen={missedUnseen}
        onShowHistory={showHistory}
        onOpenSettings={() => setSettingsOpen(true)}
        settingsButtonRef={settingsButtonRef}
      />
      <RingingCalls
        calls={ringing}
        commands={actions.calls}
        onAnswer={setFocusCallId}
        contacts={knownContacts}
        onAddBuddy={actions.buddies.addContact}
        ringtone={alerts.ringtone.playback}
        activeCallLabel={alerts.activeCallLabel}
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
          {/* The conference commands reach the call panels' "Make it a conference" through context. */}
          <ConferenceCommandsContext.Provider value={actions.conferences}>
            <CallsSection
              calls={state.calls}
              commands={actions.calls}
              focusCallId={focusCallId}
              onDismissEnded={actions.dismissEndedCall}
              sectionRef={callsRef}
              contacts={knownContacts}
              notifications={alerts.notifications}
            />
          </ConferenceCommandsContext.Provider>
          <DialerPanel
            dial={state.dial}
            onAddressChange={actions.editDialAddress}
            onPlaceCall={(uri) => void actions.calls.placeCall(uri)}
            activeCallLabel={alerts.activeCallLabel}
          />
          <HistorySection
            history={state.history}
            contacts={contacts}
            dial={state.dial}
            commands={actions.buddies}
            onCall={actions.callAddress}
            onRetry={() => void actions.buddies.loadLists()}
            sectionRef={historyRef}
          />
        </div>
        <div className="app-column">
          <BuddyList
            contacts={state.contacts}
            presence={state.presence}
            dial={state.dial}
            commands={actions.buddies}
            onCall={actions.callAddress}
            onRetry={() => void actions.buddies.loadLists()}
          />
          <ConferencesSection conferences={state.conferences} calls={state.calls.calls} contacts={knownContacts} commands={actions.conferences} />
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
      <SettingsDialog
        open={settingsOpen}
        settings={settings.state}
        commands={settings.commands}
        profile={state.profile}
        network={state.network}
        networkStale={state.link !== 'connected'}
        audioTest={state.audioTest}
        inCall={state.calls.calls.length > 0}
        ringtone={{
          ringtone: state.ringtone,
          setRingtone: actions.ringtone.setRingtone,
          preview: alerts.ringtone.preview,
          stopPreview: alerts.ringtone.stopPreview,
        }}
        onSaveDisplayName={actions.setDisplayName}
        onClose={closeSettings}
      />
    </div>
  );
}

/**
 * A ringing panel or call panel that goes away takes the focus with it if it had it (Decline,
 * Hang up, the other party hanging up): the focus then lands on the Calls section instead of
 * falling back to the start of the page. `shown` names the panels, one a line.
 */
function useFocusRescue(shown: string, target: RefObject<HTMLElement | null>): void {
  const previous = useRef(shown);
  useEffect(() => {
    const now = shown.split('\n');
    const gone = previous.current.split('\n').some((panel) => panel !== '' && !now.includes(panel));
    previous.current = shown;
    if (gone && (document.activeElement === null || document.activeElement === document.body)) target.current?.focus();
  }, [shown, target]);
}
