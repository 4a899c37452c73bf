/**
 * Wrap-around arithmetic for RTP's 16-bit sequence numbers and 32-bit timestamps (RFC 3550 §5.1,
 * serial-number arithmetic in the sense of RFC 1982). Every comparison of a sequence number or a
 * timestamp in media goes through these helpers: a bare `<` is wrong at 65535 → 0 and at 2^32 → 0.
 *
 * "Extended" values (RFC 3550 A.1: cycles × 2^16 + sequence number) are plain JS numbers, exact far
 * beyond any call: 2^53 samples at 48 kHz are about 6,000 years.
 */

export const SEQUENCE_MODULO = 0x1_0000;
export const TIMESTAMP_MODULO = 0x1_0000_0000;

/** `a − b` for sequence numbers, in −32768…32767: positive when `a` is newer. */
export function seqDistance(a: number, b: number): number {
  const d = (a - b) & 0xffff;
  return d >= 0x8000 ? d - SEQUENCE_MODULO : d;
}

/** True when sequence number `a` was sent after `b` (half the number space ahead, RFC 1982). */
export function seqNewer(a: number, b: number): boolean {
  return seqDistance(a, b) > 0;
}

/** `seq + n` wrapped to 16 bits (n may be negative). */
export function seqAdd(seq: number, n: number): number {
  return (((seq + n) % SEQUENCE_MODULO) + SEQUENCE_MODULO) % SEQUENCE_MODULO;
}

/** `a − b` for timestamps, in −2^31…2^31−1: positive when `a` is later. */
export function timestampDistance(a: number, b: number): number {
  return (a - b) | 0;
}

/** True when timestamp `a` is later than `b`. */
export function timestampNewer(a: number, b: number): boolean {
  return timestampDistance(a, b) > 0;
}

/** `timestamp + n` wrapped to 32 bits (n may be negative). */
export function timestampAdd(timestamp: number, n: number): number {
  return (((timestamp + n) % TIMESTAMP_MODULO) + TIMESTAMP_MODULO) % TIMESTAMP_MODULO;
}

/**
 * The extended sequence number of `seq` nearest to `referenceExtended` (an extended number seen
 * before, usually the highest): the same cycle, or the one before or after across a wrap.
 */
export function unwrapSequence(referenceExtended: number, seq: number): number {
  return referenceExtended + seqDistance(seq, referenceExtended & 0xffff);
}

/** The extended timestamp of `timestamp` nearest to `referenceExtended` (see `unwrapSequence`). */
export function unwrapTimestamp(referenceExtended: number, timestamp: number): number {
  const wrapped = ((referenceExtended % TIMESTAMP_MODULO) + TIMESTAMP_MODULO) % TIMESTAMP_MODULO;
  return referenceExtended + timestampDistance(timestamp, wrapped);
}
