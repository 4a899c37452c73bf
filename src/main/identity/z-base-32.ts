/**
 * z-base-32 (Zooko O'Whielacronx, "human-oriented base-32 encoding"): the alphabet is
 * ordered so the most frequent symbols are the easiest to read, write and speak, and it
 * is case-insensitive in practice. Parley writes identity keys in it (DESIGN.md).
 * Bits are taken most-significant first; a final partial group is padded with zero bits.
 */
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';
const VALUES = new Map([...ALPHABET].map((char, value) => [char, value]));

export function encodeZBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes exactly `byteLength` bytes, or returns null when the text is not the canonical
 * encoding of that many bytes (wrong length, foreign characters, non-zero padding bits),
 * so one key has one spelling.
 */
export function decodeZBase32(text: string, byteLength: number): Uint8Array | null {
  if (text.length !== Math.ceil((byteLength * 8) / 5)) return null;
  const out = new Uint8Array(byteLength);
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of text.toLowerCase()) {
    const value = VALUES.get(char);
    if (value === undefined) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (buffer >> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
