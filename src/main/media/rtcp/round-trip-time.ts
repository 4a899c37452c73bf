import { msToCompactNtpUnits } from './ntp-timestamp.js';

/**
 * Round-trip time from a report block (RFC 3550 §6.4.1): the block echoes our SR's compact NTP
 * time (LSR) and how long the peer held it (DLSR); with A, the compact NTP time the report
 * arrived, RTT = A − LSR − DLSR in 1/65536 s. Undefined when the peer had no SR from us yet
 * (LSR = 0) or when the result is negative (a peer that fills DLSR wrongly).
 */
export function roundTripTimeMs(arrival: number, lastSenderReport: number, delaySinceLastSenderReport: number): number | undefined {
  if (lastSenderReport === 0) return undefined;
  const units = (arrival - lastSenderReport - delaySinceLastSenderReport) | 0; // modulo 2^32, signed
  if (units < 0) return undefined;
  return (units * 1000) / 65536;
}

/** DLSR for a report we send: how long ago the peer's last SR reached us, in 1/65536 s; 0 if never. */
export function delaySinceLastSenderReport(receivedAtMs: number | undefined, nowMs: number): number {
  return receivedAtMs === undefined ? 0 : msToCompactNtpUnits(nowMs - receivedAtMs);
}
