// fatal: malformed bytes are refused, never replaced with U+FFFD; ignoreBOM: a leading U+FEFF is
// kept as text. Together, the string encodes back to exactly the bytes that were signed or sealed.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text `bytes` hold as UTF-8, or null when they are not UTF-8. For record fields read at the edge. */
export function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}
