import { useRef } from 'react';
import { useClipboardCopy } from '../state/use-clipboard-copy.js';
import { CopyButton } from './copy-button.js';
import { CopyStatus } from './copy-status.js';

/** The own SIP URI, exactly as text, with a Copy button and its confirmation. */
export function SipUriCopy({ uri }: { uri: string }) {
  const uriRef = useRef<HTMLElement>(null);
  const { outcome, copy } = useClipboardCopy(uri, uriRef);

  return (
    <div className="sip-uri">
      <span className="field-label">SIP address</span>
      <div className="field-row">
        <code ref={uriRef} className="sip-uri-value" data-testid="own-uri">
          {uri}
        </code>
        <CopyButton onCopy={copy} />
      </div>
      <CopyStatus outcome={outcome} refusedHint="The browser refused the clipboard. The address is selected: press Ctrl+C (⌘C on a Mac)." data-testid="copy-status" />
    </div>
  );
}
