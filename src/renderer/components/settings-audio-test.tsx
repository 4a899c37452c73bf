import { useId } from 'react';
import type { AudioTestReading } from '../state/app-state.js';
import type { SettingsState } from '../state/settings-state.js';
import type { SettingsCommands } from '../state/use-settings.js';
import { useNow } from '../state/use-now.js';
import { audioTestMayRun, audioTestView, secondsLeftText } from '../view/audio-test-view.js';
import { Icon } from './icon.js';
import { LevelMeter } from './level-meter.js';

type Props = {
  settings: SettingsState;
  commands: SettingsCommands;
  reading: AudioTestReading | null;
  inCall: boolean;
};

/** A quarter second: the countdown turns within that of the full second, without a busy window. */
const COUNTDOWN_TICK_MS = 250;

const BUTTON_LABEL = { idle: 'Test sound', starting: 'Starting…', running: 'Stop', stopping: 'Stopping…' } as const;

/**
 * The sound test: a tone on the chosen speaker while the chosen microphone is metered, with a
 * countdown until the core stops it. One button starts and stops it, so the focus stays put.
 */
export function AudioTestPanel({ settings, commands, reading, inCall }: Props) {
  const messageId = useId();
  const startedAt = settings.audioTestStartedAt;
  const now = useNow(audioTestMayRun(startedAt, reading), COUNTDOWN_TICK_MS);
  const view = audioTestView({
    startedAt,
    starting: settings.pending.includes('startAudioTest'),
    stopping: settings.pending.includes('stopAudioTest'),
    error: settings.errors.startAudioTest ?? settings.errors.stopAudioTest ?? null,
    reading,
    now,
    inCall,
    devices: settings.devices.phase === 'ready' ? settings.devices.value : null,
  });
  const busy = view.phase === 'starting' || view.phase === 'stopping';
  const unavailable = busy || view.blocked !== null;
  const running = view.phase === 'running';
  return (
    <div className="audio-test" aria-busy={busy} data-testid="audio-test">
      <div className="audio-test-controls">
        <button
          type="button"
          className={running ? 'button audio-test-button is-running' : 'button audio-test-button'}
          aria-busy={busy}
          aria-disabled={unavailable || undefined}
          aria-describedby={messageId}
          onClick={() => {
            if (unavailable) return;
            void (running ? commands.stopAudioTest() : commands.startAudioTest());
          }}
          data-testid="audio-test-toggle"
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : <Icon name={running ? 'close' : 'speaker'} />}
          {BUTTON_LABEL[view.phase]}
        </button>
        <span className="audio-test-countdown" data-testid="audio-test-countdown">
          {secondsLeftText(view.secondsLeft)}
        </span>
      </div>
      <div className="audio-test-meters">
        <LevelMeter label="Test microphone" icon="mic" level={view.input} />
        <LevelMeter label="Test speaker" icon="speaker" level={view.output} />
      </div>
      <p id={messageId} className={view.isError ? 'field-error' : 'field-hint'} role={view.isError ? 'alert' : 'status'} data-testid="audio-test-message">
        {view.message}
      </p>
    </div>
  );
}
