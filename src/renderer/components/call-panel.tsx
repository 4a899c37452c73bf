import { useEffect, useId, useRef, useState } from 'react';
import type { CallCommands } from '../state/call-commands.js';
import type { CallEntry, CallOperation } from '../state/calls-state.js';
import { addressKind, callElapsedMs, callStateLabel, deviceReplacementText, formatCallDuration, spokenCallDuration } from '../view/call-view.js';
import { DtmfKeypad } from './dtmf-keypad.js';
import { Icon, type IconName } from './icon.js';
import { LevelMeter } from './level-meter.js';
import { QualityBadge } from './quality-badge.js';

type Props = {
  entry: CallEntry;
  /** The time the timer shows against (the section ticks it once a second). */
  now: number;
  commands: CallCommands;
  /** Move keyboard focus here when the panel appears (the call was just answered from the ringing panel). */
  takeFocus?: boolean;
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
  onClick(): void;
};

/**
 * A call control: while its request runs it does nothing and a spinner takes the icon's place.
 * The label stays, so the row never reflows under the pointer.
 */
function CallControl({ icon, label, busy = false, disabled = false, className, pressed, expanded, controls, onClick }: ControlProps) {
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
      onClick={busy ? undefined : onClick}
    >
      {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name={icon} />}
      <span>{label}</span>
    </button>
  );
}

/** One call in progress: who, its state and time, its audio, and what can be done with it. */
export function CallPanel({ entry, now, commands, takeFocus = false }: Props) {
  const { view } = entry;
  const { callId } = view;
  const [keypadOpen, setKeypadOpen] = useState(false);
  const panelRef = useRef<HTMLElement>(null);
  const headingId = useId();
  const keypadId = useId();

  useEffect(() => {
    if (takeFocus) panelRef.current?.focus();
  }, [takeFocus]);

  const pending = (operation: CallOperation) => entry.pending.includes(operation);
  const established = view.state === 'established';
  const held = view.localHold || view.remoteHold;
  const elapsed = callElapsedMs(view, now);
  const holdBusy = pending('hold') || pending('resume');
  const kind = addressKind(view.remoteUri);
  const stateTone = !established ? 'pending' : held ? 'held' : 'live';

  return (
    <section
      ref={panelRef}
      className="call-panel"
      aria-labelledby={headingId}
      tabIndex={-1}
      data-testid="call-panel"
      data-call-id={callId}
    >
      <div className="call-panel-head">
        <div className="call-party">
          <h3 id={headingId} className="call-party-label">
            {view.direction === 'incoming' ? 'Call from' : 'Call to'}
            <span className="visually-hidden"> {view.remoteUri}</span>{' '}
            <span className="badge" title={kind === 'parley' ? 'A Parley address, reached over the DHT' : 'A SIP address'}>
              {kind === 'parley' ? 'Parley' : 'SIP'}
            </span>
          </h3>
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
          <CallControl icon="play" label="Resume" className="call-hold" busy={holdBusy} disabled={!established} onClick={() => void commands.resumeCall(callId)} />
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
        <CallControl
          icon="hangUp"
          label="Hang up"
          busy={pending('hangUp')}
          className="button-danger call-hang-up"
          onClick={() => void commands.hangUp(callId)}
        />
      </div>

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
