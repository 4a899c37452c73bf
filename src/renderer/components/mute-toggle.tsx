import { Icon } from './icon.js';

type Props = {
  /** null while the core has not said yet. */
  muted: boolean | null;
  onMutedChange(muted: boolean): void;
};

/** The microphone mute; the tray menu toggles the same state in the core. */
export function MuteToggle({ muted, onMutedChange }: Props) {
  const pressed = muted === true;
  return (
    <button
      type="button"
      className={pressed ? 'button mute-toggle is-muted' : 'button mute-toggle'}
      aria-pressed={pressed}
      disabled={muted === null}
      title={pressed ? 'The microphone is muted' : 'Mute the microphone'}
      onClick={() => {
        if (muted !== null) onMutedChange(!muted);
      }}
    >
      <Icon name={pressed ? 'micOff' : 'mic'} />
      <span>Mute</span>
    </button>
  );
}
