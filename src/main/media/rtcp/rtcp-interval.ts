/**
 * The RTCP transmission interval, RFC 3550 §6.2 and A.7 `rtcp_interval()`, as a pure function.
 * Bandwidth is split a quarter to senders and three quarters to receivers when senders are few;
 * the deterministic interval is at least RTCP_MIN_TIME (halved before the first report), then
 * randomised over [0.5, 1.5) of itself and divided by e − 3/2 to make up for timer reconsideration
 * (§6.3.1), so the actual minimum spacing is about 2–6 s around a mean of 4.1 s.
 */
export const RTCP_MIN_TIME_SECONDS = 5;
export const RTCP_SENDER_BANDWIDTH_FRACTION = 0.25;
export const RTCP_RECEIVER_BANDWIDTH_FRACTION = 1 - RTCP_SENDER_BANDWIDTH_FRACTION;
export const RTCP_COMPENSATION = Math.E - 1.5;

export interface RtcpIntervalInput {
  /** Session members, ourselves included. */
  readonly members: number;
  readonly senders: number;
  /** Octets per second for RTCP: 5 % of the session bandwidth by default (§6.2). */
  readonly rtcpBandwidth: number;
  readonly weSent: boolean;
  /** Average compound RTCP size in octets, including UDP and IP headers (§6.3.3). */
  readonly averageRtcpSize: number;
  /** Before our first report. */
  readonly initial: boolean;
}

/** Seconds until the next report; `random` returns a number in [0, 1). */
export function rtcpIntervalSeconds(input: RtcpIntervalInput, random: () => number): number {
  const minimum = input.initial ? RTCP_MIN_TIME_SECONDS / 2 : RTCP_MIN_TIME_SECONDS;
  let members = input.members;
  let bandwidth = input.rtcpBandwidth;
  if (input.senders <= input.members * RTCP_SENDER_BANDWIDTH_FRACTION) {
    if (input.weSent) {
      bandwidth *= RTCP_SENDER_BANDWIDTH_FRACTION;
      members = input.senders;
    } else {
      bandwidth *= RTCP_RECEIVER_BANDWIDTH_FRACTION;
      members -= input.senders;
    }
  }
  const deterministic = bandwidth > 0 ? Math.max(minimum, (input.averageRtcpSize * members) / bandwidth) : minimum;
  return (deterministic * (random() + 0.5)) / RTCP_COMPENSATION;
}
