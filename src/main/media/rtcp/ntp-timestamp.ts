import type { NtpTimestamp } from './rtcp-packet.js';

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
export const NTP_UNIX_OFFSET_SECONDS = 2_208_988_800;

/**
 * A clock reading in ms as a 64-bit NTP timestamp (RFC 3550 §4). Round-trip time only needs our
 * SRs and their echoes to use the same clock, so a monotonic reading works as well as wall time.
 */
export function ntpFromMs(ms: number): NtpTimestamp {
  const wholeSeconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms - wholeSeconds * 1000) / 1000) * 0x1_0000_0000);
  return { seconds: (wholeSeconds + NTP_UNIX_OFFSET_SECONDS) % 0x1_0000_0000, fraction: Math.min(fraction, 0xffff_ffff) };
}

/** The middle 32 bits (16.16 fixed point) that LSR carries (§6.4.1). */
export function compactNtp(ntp: NtpTimestamp): number {
  return (((ntp.seconds & 0xffff) << 16) | (ntp.fraction >>> 16)) >>> 0;
}

/** Milliseconds as 1/65536 s units, the unit of DLSR (§6.4.1). */
export function msToCompactNtpUnits(ms: number): number {
  return Math.max(0, Math.round((ms * 65536) / 1000)) >>> 0;
}
