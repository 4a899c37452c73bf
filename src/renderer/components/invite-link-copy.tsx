import { useRef } from 'react';
import { useClipboardCopy } from '../state/use-clipboard-copy.js';
import { CopyButton } from './copy-button.js';
import { CopyStatus } from './copy-status.js';

/**
 * Copies the own invite link (view/invite-link.ts). The link is long, so it is not shown; if
 * the browser refuses the clipboard it appears, selected, for the keyboard shortcut.
 */
export function InviteLinkCopy({ link }: { link: string }) {
  const fieldRef = useRef<HTMLInputElement>(null);
  const { outcome, copy } = useClipboardCopy(link, fieldRef);

  return (
    <div className="invite-link">
      <span className="field-label">Invite link</span>
      <div className="field-row">
        <CopyButton label="Copy invite link" onCopy={copy} data-testid="copy-invite-link" />
        <CopyStatus
          outcome={outcome}
          refusedHint="The browser refused the clipboard: the link is selected below, press Ctrl+C (⌘C on a Mac)."
          className="invite-copy-status"
          data-testid="invite-copy-status"
        />
      </div>
      {outcome === 'refused' && (
        <input ref={fieldRef} className="text-input invite-link-value" type="text" readOnly value={link} aria-label="Your invite link" data-testid="invite-link-value" />
      )}
      <p className="field-hint">Send it, or let them scan the code: Add buddy in Parley takes either, with your name.</p>
    </div>
  );
}
