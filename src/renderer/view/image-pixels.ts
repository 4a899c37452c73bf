import type { QrPixels } from './decode-qr-code.js';

/**
 * Pictures are scaled so their longer side is at most this: a phone photo (4032 × 3024) would
 * take jsqr seconds, and a code that fills a reasonable part of the picture keeps modules of
 * several pixels at this size.
 */
const MAX_SIDE_PX = 1600;
/** Smaller pictures (a cropped screenshot) are enlarged to at least this, pixel for pixel, so each module spans several pixels. */
const MIN_SIDE_PX = 480;

/** How much to scale a picture of this size before looking for a code in it. */
export function pixelScale(width: number, height: number): number {
  const longer = Math.max(width, height);
  if (longer > MAX_SIDE_PX) return MAX_SIDE_PX / longer;
  if (longer > 0 && longer < MIN_SIDE_PX) return Math.ceil(MIN_SIDE_PX / longer);
  return 1;
}

/**
 * The pixels of a picture file (PNG, JPEG, GIF, WebP…), decoded by the browser and drawn on an
 * offscreen canvas. No URL is made for it, so the page's CSP (img-src 'self' data:) is untouched.
 * Rejects when the browser cannot decode the file.
 */
export async function loadImagePixels(image: Blob): Promise<QrPixels> {
  const bitmap = await createImageBitmap(image);
  try {
    const scale = pixelScale(bitmap.width, bitmap.height);
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (context === null) throw new Error('no 2D canvas');
    // Enlarged pixel for pixel, a code's edges stay sharp; shrunk, smoothing averages the noise.
    context.imageSmoothingEnabled = scale < 1;
    // A transparent PNG's empty pixels read as black: a white ground makes them paper.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    const { data } = context.getImageData(0, 0, width, height);
    return { data, width, height };
  } finally {
    bitmap.close();
  }
}
