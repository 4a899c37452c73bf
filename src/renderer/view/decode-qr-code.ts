import jsQRExport from 'jsqr';

/** An image as RGBA bytes, row by row: what a canvas's `getImageData` gives. */
export type QrPixels = { data: Uint8ClampedArray; width: number; height: number };

/** The part of jsqr's function used here. */
type JsQr = (data: Uint8ClampedArray, width: number, height: number, options: { inversionAttempts: 'attemptBoth' }) => { data: string } | null;

/**
 * jsqr is CommonJS. A bundler (Vite) and Node's ESM loader both hand over its function as the
 * default export, but TypeScript types that import as the module object under Node's resolution
 * (the tests' tsconfig) and as the function under the bundler's: this takes either.
 */
function callable(imported: JsQr | { default: JsQr }): JsQr {
  return typeof imported === 'function' ? imported : imported.default;
}

const jsQR = callable(jsQRExport);

/**
 * The text of the QR code in the picture, or null when none can be read. Both polarities are
 * tried: a screenshot of a dark-themed app shows the code light on dark.
 */
export function decodeQrCode(pixels: QrPixels): string | null {
  if (pixels.width <= 0 || pixels.height <= 0 || pixels.data.length < pixels.width * pixels.height * 4) return null;
  const found = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  return found === null || found.data === '' ? null : found.data;
}
