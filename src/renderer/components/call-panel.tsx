import { useEffect, useId, useRef, useState } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import type { CallCommands } from '../state/call-commands.js';
import type { CallEntry, CallOperation } from '../state/calls-state.js';
import type { CallSlot } from '../view/call-list-view.js';
import { addressBadge, addressKind, callElapsedMs, callStateLabel, deviceReplacementText, formatCallDuration, spokenCallDuration } from '../view/call-view.js';
import { callParty, findBuddy } from '../view/caller-view.js';
import { contactLabel } from '../view/contact-view.js';
import { CallDeviceSwitch } from './call-device-switch.js';
import { DtmfKeypad } from './dtmf-keypad.js';
import { Icon, type IconName } from './icon.js';
import { LevelMeter } from './level-meter.js';
import { QualityBadge } from './quality-badge.js';
import { MergeIntoConferenceButton } from './merge-into-conference-button.js';
import { TransferForm } from './transfer-form.js';

type Props = {
  entry: CallEntry;
  /** The time the timer shows against (the section ticks it once a second). */
  now: number;
  commands: CallCommands;
  /** Move keyboard focus here when the panel appears (the call was just answered from the ringing panel). */
  takeFocus?: boolean;
  /** The buddies, to name the party and to pick a transfer target from; null while unknown. */
  contacts?: readonly Contact[] | null;
  /** The call's place among several (the calls section knows them all). */
  slot?: CallSlot;
  /** For a held call while another is active: Resume swaps, and that call goes on hold. */
  swapsWith?: { callId: string; label: string } | null;
};

type ControlProps = {
  icon: IconName;
  label: string;
  /** The control's request is on its way. */
  busy?: boolean;
  disabled?: boolean;
  className?: string;
  pressed?: boolean;
  expanded?: boolean;
  controls?: string;
  describedBy?: string;
  testId?: string;
  onClick(): void;
};

/**
 * A call control: while its request runs it does nothing and a spinner takes the icon's place.
 * The label stays, so the row never reflows under the pointer.
 */
function CallControl({ icon, label, busy = false, disabled = false, className, pressed, expanded, controls, describedBy, testId, onClick }: ControlProps) {
  return (
    <button
      type="button"
      className={className ? `button call-control ${className}` : 'button call-control'}
      disabled={disabled}
      // Busy is aria-disabled, not disabled: a disabled button would drop the keyboard focus.
      aria-disabled={busy || undefined}
      aria-busy={busy}
      aria-pressed={pressed}
      aria-expanded={expanded}
      aria-controls={controls}
      aria-describedby={describedBy}
      data-testid={testId}
      onClick={busy ? undefined : onClick}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name={icon} />}
      <span>{label}</span>
    </button>
  );
}

/** One call in progress: who, its state and time, its audio, and what can be done with it. */
export function CallPanel({ entry, now, commands, takeFocus = false, contacts = null, slot, swapsWith = null }: Props) {
  const { view, transfer } = entry;
  const { callId } = view;
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [devicesOpen, setDevicesOpen] = useState(false);
  const panelRef = useRef<HTMLElement>(null);
  const headingId = useId();
  const keypadId = useId();
  const transferId = useId();
  const swapId = useId();
  const devicesId = useId();

  useEffect(() => {
    if (takeFocus) panelRef.current?.focus();
  }, [takeFocus]);

  // Once the other party took the transfer, the form has done its work.
  const transferAccepted = transfer?.phase === 'accepted';
  useEffect(() => {
    if (!transferAccepted) return;
    setTransferOpen(false);
    focusTransferControl(panelRef.current);
  }, [transferAccepted]);

  const closeTransfer = () => {
    setTransferOpen(false);
    commands.dismissTransfer(callId);
    focusTransferControl(panelRef.current);
  };

  const closeDevices = () => {
    setDevicesOpen(false);
    panelRef.current?.querySelector<HTMLButtonElement>('[data-testid="call-devices-toggle"]')?.focus();
  };

  const pending = (operation: CallOperation) => entry.pending.includes(operation);
  const established = view.state === 'established';
  const held = view.localHold || view.remoteHold;
  const elapsed = callElapsedMs(view, now);
  const holdBusy = pending('hold') || pending('resume');
  const kind = addressKind(view.remoteUri);
  const stateTone = !established ? 'pending' : held ? 'held' : 'live';
  const party = callParty(view, contacts ?? []);
  const transferring = transfer !== null && transfer.phase !== 'failed';
  const transferTarget = transfer === null ? '' : transferTargetLabel(transfer.target, contacts ?? []);
  // Files, tones and silence have no device to switch (a bot's call, a scripted one).
  const usesDevices = view.input !== null || view.output !== null;
  const panelClass = ['call-panel', slot === 'active' && 'is-active', slot === 'held' && 'is-held'].filter(Boolean).join(' ');

  return (
    <section
      ref={panelRef}
      className={panelClass}
      aria-labelledby={headingId}
      tabIndex={-1}
      data-testid="call-panel"
      data-call-id={callId}
      data-slot={slot}
    >
      <div className="call-panel-head">
        <div className="call-party">
          <h3 id={headingId} className="call-party-label">
            {view.direction === 'incoming' ? 'Call from' : 'Call to'}
            <span className="visually-hidden"> {party.name === null ? view.remoteUri : party.nameSource === 'claimed' ? `“${party.name}”` : party.name}</span>{' '}
            <span className="badge" title={addressBadge(kind).title}>
              {addressBadge(kind).label}
            </span>
          </h3>
          {party.name !== null && (
            <p
              className="call-party-name"
              title={party.nameSource === 'claimed' ? 'The name the other party gave; not checked' : undefined}
              data-testid="call-party-name"
            >
              {party.nameSource === 'claimed' ? `“${party.name}”` : party.name}
            </p>
          )}
          <code className="call-remote-uri" data-testid="call-remote-uri">
            {view.remoteUri}
          </code>
        </div>
        <QualityBadge statistics={entry.statistics} />
      </div>

      <p className="call-status">
        <span className={`call-state call-state-${stateTone}`} data-testid="call-state">
          <span className="status-dot" aria-hidden="true" />
          {callStateLabel(view)}
        </span>
        <span
          className="call-timer"
          role="timer"
          aria-label={elapsed === null ? 'Not connected yet' : `In call for ${spokenCallDuration(elapsed)}`}
          data-testid="call-timer"
        >
          {elapsed === null ? '–:––' : formatCallDuration(elapsed)}
        </span>
        <span className="call-codec">{view.codec ?? '\u00a0'}</span>
      </p>

      <div className="call-meters">
        <LevelMeter label="Microphone" icon={view.muted ? 'micOff' : 'mic'} level={entry.levels?.input ?? null} muted={view.muted} />
        <LevelMeter label="Speaker" icon="speaker" level={entry.levels?.output ?? null} />
      </div>

      <div className="call-controls" role="group" aria-label="Call controls">
        <CallControl
          icon={view.muted ? 'micOff' : 'mic'}
          label="Mute"
          busy={pending('mute')}
          pressed={view.muted}
          className={view.muted ? 'is-muted' : undefined}
          onClick={() => void commands.setCallMuted(callId, !view.muted)}
        />
        {view.localHold ? (
          <CallControl
            icon="play"
            label="Resume"
            className="call-hold"
            busy={holdBusy}
            disabled={!established}
            describedBy={swapsWith === null ? undefined : swapId}
            onClick={() => void commands.resumeCall(callId)}
          />
        ) : (
          <CallControl icon="pause" label="Hold" className="call-hold" busy={holdBusy} disabled={!established} onClick={() => void commands.holdCall(callId)} />
        )}
        <CallControl
          icon="keypad"
          label="Keypad"
          disabled={!established}
          expanded={keypadOpen && established}
          controls={keypadId}
          onClick={() => setKeypadOpen((open) => !open)}
        />
        {usesDevices && (
          <CallControl
            icon="speaker"
            label="Devices"
            disabled={!established}
            expanded={devicesOpen && established}
            controls={devicesId}
            testId="call-devices-toggle"
            onClick={() => (devicesOpen ? closeDevices() : setDevicesOpen(true))}
          />
        )}
        <CallControl
          icon="outgoing"
          label="Transfer"
          busy={transfer?.phase === 'asking'}
          disabled={!established}
          expanded={transferOpen && established}
          controls={transferId}
          testId="call-transfer"
          onClick={() => (transferOpen ? closeTransfer() : setTransferOpen(true))}
        />
        <MergeIntoConferenceButton callId={callId} remoteUri={view.remoteUri} established={established} />
        <CallControl
          icon="hangUp"
          label="Hang up"
          busy={pending('hangUp')}
          className="button-danger call-hang-up"
          onClick={() => void commands.hangUp(callId)}
        />
      </div>

      {swapsWith !== null && (
        <p id={swapId} className="call-swap-hint" data-testid="call-swap-hint">
          Resume swaps: the call with {swapsWith.label} goes on hold.
        </p>
      )}

      {transferOpen && established && (
        <TransferForm
          id={transferId}
          remoteUri={view.remoteUri}
          contacts={contacts}
          transfer={transfer}
          onTransfer={(uri) => void commands.transferCall(callId, uri)}
          onClose={closeTransfer}
        />
      )}
      {transferring && !transferOpen && (
        <p className="call-transfer-note" role="status" data-testid="call-transfer-status">
          <span className="spinner" aria-hidden="true" />
          {transfer.phase === 'asking'
            ? `Transferring to ${transferTarget}…`
            : `Transferring… ${party.name ?? 'The other party'} is calling ${transferTarget}; this call ends when they are connected.`}
        </p>
      )}

      {devicesOpen && established && usesDevices && (
        <CallDeviceSwitch id={devicesId} callId={callId} inUse={{ input: view.input, output: view.output }} commands={commands} onClose={closeDevices} />
      )}

      {keypadOpen && established && <DtmfKeypad id={keypadId} disabled={held} onPress={(digit) => void commands.pressDtmf(callId, digit)} />}

      <dl className="call-digits">
        <div>
          <dt>Sent</dt>
          <dd data-testid="dtmf-sent">
            {entry.sentDigits || '—'}
            {pending('dtmf') && <span className="call-digits-sending"> sending…</span>}
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd data-testid="dtmf-received" aria-live="polite">
            {entry.receivedDigits || '—'}
          </dd>
        </div>
      </dl>

      {entry.deviceReplacements.map((replacement) => (
        <p key={replacement.direction} className="call-device-note" role="status">
          {deviceReplacementText(replacement)}
        </p>
      ))}
      <p className="field-error call-error" role="alert" data-testid="call-error">
        {entry.error}
      </p>
    </section>
  );
}

/** The transfer target as the panel names it: a buddy's name, else the address. */
function transferTargetLabel(target: string, contacts: readonly Contact[]): string {
  const buddy = findBuddy(contacts, target);
  return buddy === undefined ? target : contactLabel(buddy);
}

/** Gives the focus back to the panel's Transfer control (the form it opened has gone). */
function focusTransferControl(panel: HTMLElement | null): void {
  panel?.querySelector<HTMLButtonElement>('[data-testid="call-transfer"]')?.focus();
}
