import { useEffect, useState } from 'react';
import { toDataURL } from 'qrcode';

/** Drawn at twice the shown size so it stays sharp on high-density screens. */
const SHOWN_SIZE_PX = 168;

type QrState = { text: string; dataUrl: string } | { text: string; failed: true } | null;

/**
 * A QR code of `text`, always dark on light whatever the theme: that is what scanners read best.
 * `alt` says what it holds when the text itself is too long to read out (an invite link).
 */
export function QrCodeImage({ text, caption, alt = `QR code of ${text}`, testId = 'own-uri-qr' }: { text: string; caption: string; alt?: string; testId?: string }) {
  const [qr, setQr] = useState<QrState>(null);

  useEffect(() => {
    let current = true;
    toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: SHOWN_SIZE_PX * 2 }).then(
      (dataUrl) => {
        if (current) setQr({ text, dataUrl });
      },
      () => {
        if (current) setQr({ text, failed: true });
      },
    );
    return () => {
      current = false;
    };
  }, [text]);

  const shown = qr !== null && qr.text === text ? qr : null;
  return (
    <figure className="qr">
      <div className="qr-frame">
        {shown && 'dataUrl' in shown ? (
          <img
            className="qr-image"
            src={shown.dataUrl}
            alt={alt}
            width={SHOWN_SIZE_PX}
            height={SHOWN_SIZE_PX}
            data-testid={testId}
          />
        ) : (
          <span className="qr-placeholder">{shown ? 'No QR code' : ''}</span>
        )}
      </div>
      <figcaption className="qr-caption">{caption}</figcaption>
    </figure>
  );
}
