import type { ComponentProps } from 'react';
import { Icon, type IconName } from './icon.js';

type Props = Omit<ComponentProps<'button'>, 'children' | 'aria-busy' | 'aria-disabled'> & {
  /** The action is under way: a spinner takes the icon's place and the busy label is shown. */
  busy: boolean;
  label: string;
  busyLabel: string;
  icon?: IconName;
};

/**
 * A button whose action takes a while (saving, calling, removing). While busy it is
 * aria-disabled, not disabled: a disabled button would drop the keyboard focus. Its handler
 * still ignores a press while busy.
 */
export function BusyButton({ busy, label, busyLabel, icon, type = 'button', ...button }: Props) {
  return (
    <button type={type} {...button} aria-busy={busy} aria-disabled={busy || undefined}>
      {busy ? <span className="spinner" aria-hidden="true" /> : icon !== undefined && <Icon name={icon} />}
      {busy ? busyLabel : label}
    </button>
  );
}
