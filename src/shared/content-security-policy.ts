/**
 * The Content-Security-Policy of the UI, in one place: Vite writes it into index.html as a
 * meta tag (what Electron's file:// load obeys) and `parley serve` sends it as a header.
 * No inline script or style, no eval, no remote origin; images may be data: URLs (the QR code).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Directives that only work as an HTTP header, never in a meta tag. */
export const CONTENT_SECURITY_POLICY_HEADER_ONLY = "frame-ancestors 'none'";
