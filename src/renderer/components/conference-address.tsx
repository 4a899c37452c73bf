import { useId, useRef, useState } from 'react';
import { useClipboardCopy } from '../state/use-clipboard-copy.js';
import { CopyStatus } from './copy-status.js';
import { Icon } from './icon.js';
import { QrCodeImage } from './qr-code-image.js';

type Props = {
  uri: string;
  /** Open the QR code from the start (a conference just created here: sharing it is the next step). */
  showQrAtFirst?: boolean;
};

/**
 * A conference's address, which is also its invitation: copied and sent, or scanned from the QR
 * code, it is what Join takes (and opening it as a `sip:` link dials it, which joins too).
 */
export function ConferenceAddress({ uri, showQrAtFirst = false }: Props) {
  const [qrOpen, setQrOpen] = useState(showQrAtFirst);
  const uriRef = useRef<HTMLElement>(null);
  const { outcome, copy } = useClipboardCopy(uri, uriRef);
  const labelId = useId();
  const qrId = useId();

  return (
    <div className="conference-address" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="field-label">
        Conference address
      </span>
      <div className="field-row conference-address-row">
        <code ref={uriRef} className="sip-uri-value conference-uri" data-testid="conference-uri">
          {uri}
        </code>
        {/* Named in full: the page has another Copy, for the user's own address. */}
        <button type="button" className="button button-compact" aria-label="Copy the conference address" onClick={() => void copy()} data-testid="conference-copy">
          <Icon name="copy" />
          Copy
        </button>
        <button
          type="button"
          className="button button-compact"
          aria-expanded={qrOpen}
          aria-controls={qrOpen ? qrId : undefined}
          onClick={() => setQrOpen((open) => !open)}
          data-testid="conference-qr-toggle"
        >
          <Icon name="qrCode" />
          QR code
        </button>
      </div>
      <CopyStatus
        outcome={outcome}
        refusedHint="The browser refused the clipboard. The address is selected: press Ctrl+C (⌘C on a Mac)."
        data-testid="conference-copy-status"
      />
      {qrOpen && (
        <div id={qrId} className="conference-qr">
          <QrCodeImage text={uri} caption="Others scan this, then paste it into Join" alt={`QR code of the conference address ${uri}`} testId="conference-qr" />
        </div>
      )}
    </div>
  );
}
