import type { KeyboardEvent } from 'react';

/**
 * The key handler of a small form or confirmation that Escape closes. The key is consumed so
 * that an enclosing dialog or card does not close as well.
 */
export function closeOnEscape(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  };
}
