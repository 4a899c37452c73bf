import { useEffect, useRef, useState } from 'react';
import { copyText, type CopyOutcome } from '../view/copy-text.js';
import { Icon } from './icon.js';

/** How long "Copied" stays before the line clears. */
const COPIED_CONFIRMATION_MS = 2_000;

/** The own SIP URI, exactly as text, with a Copy button and its confirmation. */
export function SipUriCopy({ uri }: { uri: string }) {
  const [outcome, setOutcome] = useState<CopyOutcome | null>(null);
  const [attempt, setAttempt] = useState(0);
  const uriRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (outcome !== 'copied') return;
    const timer = setTimeout(() => setOutcome(null), COPIED_CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [outcome, attempt]);

  const copy = async () => {
    const result = await copyText(uri, navigator.clipboard);
    if (result === 'refused' && uriRef.current) {
      // Select it, so the keyboard shortcut is all that is left to do.
      window.getSelection()?.selectAllChildren(uriRef.current);
    }
    setOutcome(result);
    setAttempt((n) => n + 1);
  };

  return (
    <div className="sip-uri">
      <span className="field-label">SIP address</span>
      <div className="field-row">
        <code ref={uriRef} className="sip-uri-value" data-testid="own-uri">
          {uri}
        </code>
        <button type="button" className="button" onClick={() => void copy()}>
          <Icon name="copy" />
          Copy
        </button>
      </div>
      <p className="copy-status" role="status" data-testid="copy-status">
        {outcome === 'copied' && (
          <span className="copy-status-ok">
            <Icon name="check" />
            Copied
          </span>
        )}
        {outcome === 'refused' && 'The browser refused the clipboard. The address is selected: press Ctrl+C (⌘C on a Mac).'}
      </p>
    </div>
  );
}
