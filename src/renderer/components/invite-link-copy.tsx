import { useEffect, useRef, useState } from 'react';
import { copyText, type CopyOutcome } from '../view/copy-text.js';
import { Icon } from './icon.js';

/** How long "Copied" stays before the line clears. */
const COPIED_CONFIRMATION_MS = 2_000;

/**
 * Copies the own invite link (view/invite-link.ts). The link is long, so it is not shown; if
 * the browser refuses the clipboard it appears, selected, for the keyboard shortcut.
 */
export function InviteLinkCopy({ link }: { link: string }) {
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  const [attempt, setAttempt] = useState(0);
  const fieldRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (outcome === 'refused') {
      fieldRef.current?.focus();
      fieldRef.current?.select();
    }
    if (outcome !== 'copied') return;
    const timer = setTimeout(() => setOutcome(null), COPIED_CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [outcome, attempt]);

  const copy = async () => {
    setOutcome(await copyText(link, navigator.clipboard));
    setAttempt((n) => n + 1);
  };

  return (
    <div className="invite-link">
      <span className="field-label">Invite link</span>
      <div className="field-row">
        <button type="button" className="button" onClick={() => void copy()} data-testid="copy-invite-link">
          <Icon name="copy" />
          Copy invite link
        </button>
        <p className="copy-status invite-copy-status" role="status" data-testid="invite-copy-status">
          {outcome === 'copied' && (
            <span className="copy-status-ok">
              <Icon name="check" />
              Copied
            </span>
          )}
          {outcome === 'refused' && 'The browser refused the clipboard: the link is selected below, press Ctrl+C (⌘C on a Mac).'}
        </p>
      </div>
      {outcome === 'refused' && (
        <input ref={fieldRef} className="text-input invite-link-value" type="text" readOnly value={link} aria-label="Your invite link" data-testid="invite-link-value" />
      )}
      <p className="field-hint">Send it, or let them scan the code: Add buddy in Parley takes either, with your name.</p>
    </div>
  );
}
