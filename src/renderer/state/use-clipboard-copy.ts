import { useEffect, useState, type RefObject } from 'react';
import { copyText, type CopyOutcome } from '../view/copy-text.js';

/** How long "Copied" stays before the line clears. */
const COPIED_CONFIRMATION_MS = 2_000;

/** Puts the text in front of the keyboard shortcut: a field is focused and selected, anything else has its text selected. */
function selectForShortcut(element: HTMLElement): void {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
    element.focus();
    element.select();
  } else {
    window.getSelection()?.selectAllChildren(element);
  }
}

/**
 * Copies `text` to the clipboard on request and keeps how it went, for a CopyStatus line:
 * "copied" clears itself after a moment; when the browser refuses, `selectOnRefusal` is
 * selected (after the render that shows the refusal, so an element shown only then is there).
 * Every attempt counts anew: a second "Copied" restarts its moment, a second refusal selects again.
 */
export function useClipboardCopy(text: string, selectOnRefusal: RefObject<HTMLElement | null>): { outcome: CopyOutcome | null; copy(): Promise<void> } {
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (outcome === 'refused' && selectOnRefusal.current) selectForShortcut(selectOnRefusal.current);
    if (outcome !== 'copied') return;
    const timer = setTimeout(() => setOutcome(null), COPIED_CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [outcome, attempt, selectOnRefusal]);

  const copy = async () => {
    setOutcome(await copyText(text, navigator.clipboard));
    setAttempt((n) => n + 1);
  };

  return { outcome, copy };
}
