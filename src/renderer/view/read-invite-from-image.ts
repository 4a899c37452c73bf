import type { QrPixels } from './decode-qr-code.js';
import { loadImagePixels } from './image-pixels.js';
import { cleanDisplayName, parseInvite, type Invite, type InviteSource } from './invite-link.js';

/** Larger files are refused before the browser spends memory decoding them. */
export const QR_IMAGE_MAX_BYTES = 25 * 1024 * 1024;

export type QrDecoder = (pixels: QrPixels) => string | null;

/** The QR decoder (jsqr) is a sizeable part of the app and needed only to read a picture: it loads then. */
async function loadQrDecoder(): Promise<QrDecoder> {
  return (await import('./decode-qr-code.js')).decodeQrCode;
}

export type ImageInvite = { ok: true; invite: Invite; source: InviteSource } | { ok: false; message: string };

/** What the code said, short and printable, for a message about it. */
function quoted(text: string): string {
  const shown = Array.from(cleanDisplayName(text));
  return shown.length > 60 ? `${shown.slice(0, 60).join('')}…` : shown.join('');
}

/**
 * Reads a buddy from a picture of a QR code (a file chosen or an image pasted): the code must
 * hold an invite link or a SIP address. Every failure is a sentence to show beside the form.
 * `loadPixels` is the browser's image decoder; tests hand pixels in directly.
 */
export async function readInviteFromImage(
  image: Blob,
  loadPixels: (image: Blob) => Promise<QrPixels> = loadImagePixels,
  loadDecoder: () => Promise<QrDecoder> = loadQrDecoder,
): Promise<ImageInvite> {
  if (image.type !== '' && !image.type.startsWith('image/')) return { ok: false, message: 'That file is not a picture. Choose a photo or screenshot of a QR code.' };
  if (image.size > QR_IMAGE_MAX_BYTES) return { ok: false, message: 'That picture is too large (over 25 MB). Crop it around the QR code.' };
  let decodeQrCode: QrDecoder;
  try {
    decodeQrCode = await loadDecoder();
  } catch {
    return { ok: false, message: 'The QR code reader could not be loaded. Reload the page and try again.' };
  }
  let pixels: QrPixels;
  try {
    pixels = await loadPixels(image);
  } catch {
    return { ok: false, message: 'Could not open that picture. Try a PNG or JPEG file.' };
  }
  const text = decodeQrCode(pixels);
  if (text === null) return { ok: false, message: 'No QR code could be read in that picture. Try a sharper one with the whole code in view.' };
  const parsed = parseInvite(text);
  if (!parsed.ok) {
    return parsed.error.code === 'NOT_AN_INVITE' || parsed.error.code === 'TOO_LONG'
      ? { ok: false, message: `The QR code says “${quoted(text)}”, which is not an invite link or a SIP address.` }
      : { ok: false, message: `The QR code holds an invite that cannot be used. ${parsed.error.message}` };
  }
  return parsed;
}
