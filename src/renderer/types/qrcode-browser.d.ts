/**
 * The part of the `qrcode` package's browser build (lib/browser.js) the renderer uses.
 * `@types/qrcode` describes the Node build and pulls Node's types in, which the renderer must not see;
 * tsconfig.json maps `qrcode` here instead.
 */
export type QRCodeErrorCorrectionLevel = 'L' | 'M' | 'Q' | 'H';

export interface QRCodeToDataURLOptions {
  errorCorrectionLevel?: QRCodeErrorCorrectionLevel;
  type?: 'image/png' | 'image/jpeg' | 'image/webp';
  /** Quiet zone around the symbol, in modules. */
  margin?: number;
  /** Width of the image in pixels. */
  width?: number;
  color?: { dark?: string; light?: string };
}

export function toDataURL(text: string, options?: QRCodeToDataURLOptions): Promise<string>;
