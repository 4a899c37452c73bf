import { useEffect, useRef, type RefObject } from 'react';

/**
 * A control that goes away takes the keyboard focus with it if it had it (a removed member's
 * row, a card that ended or was dismissed): the focus then lands on `target` instead of falling
 * back to the start of the page. `shown` names what is on screen, one item a line.
 */
export function useFocusRescue(shown: string, target: RefObject<HTMLElement | null>): void {
  const previous = useRef(shown);
  useEffect(() => {
    const now = shown.split('\n');
    const gone = previous.current.split('\n').some((item) => item !== '' && !now.includes(item));
    previous.current = shown;
    if (gone && (document.activeElement === null || document.activeElement === document.body)) target.current?.focus();
  }, [shown, target]);
}
