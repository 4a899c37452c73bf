import type { KeyboardEvent } from 'react';

type Props = {
  id: string;
  /** Keys are disabled while the call cannot carry tones (not established, or on hold). */
  disabled: boolean;
  onPress(digit: string): void;
};

const ROWS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
  ['*', '0', '#'],
] as const;

const KEY_NAMES: Partial<Record<string, string>> = { '*': 'Star', '#': 'Pound' };

/** RFC 4733 digits into the call; typing 0–9, * or # while a key has focus presses that key. */
export function DtmfKeypad({ id, disabled, onPress }: Props) {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (disabled || event.altKey || event.ctrlKey || event.metaKey) return;
    if (/^[0-9*#]$/.test(event.key)) {
      event.preventDefault();
      onPress(event.key);
    }
  };
  return (
    <div id={id} className="dtmf-keypad" role="group" aria-label="Keypad: sends tones to the other party" onKeyDown={onKeyDown}>
      {ROWS.flat().map((digit) => (
        <button
          key={digit}
          type="button"
          className="button dtmf-key"
          disabled={disabled}
          aria-label={KEY_NAMES[digit]}
          data-digit={digit}
          onClick={() => onPress(digit)}
        >
          {digit}
        </button>
      ))}
    </div>
  );
}
