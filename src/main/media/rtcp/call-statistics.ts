import type { PlayoutStats } from '../playout/playout-buffer.js';
import type { RtpReceiverStats } from '../rtp/rtp-receiver-stats.js';
import type { RtpSenderCounters } from '../rtp/rtp-sender.js';
import { estimateMos, type MosCodec } from './mos-estimate.js';

/** What a call reports about its audio, live and at the end (issue 4, "Call statistics"). */
export interface CallStatistics {
  readonly packetsSent: number;
  readonly packetsReceived: number;
  /** Cumulative, RFC 3550 A.3 (negative with duplicates). */
  readonly packetsLost: number;
  /** Lost / expected over the whole call, 0…1. */
  readonly lossFraction: number;
  readonly jitterMs: number;
  /** Null until a report block has echoed one of our SRs. */
  readonly roundTripTimeMs: number | null;
  /** Filled by the playout buffer. */
  readonly concealedFrames: number;
  readonly playoutDelayMs: number;
  /** E-model estimate (mos-estimate.ts); the one-way delay it uses is `oneWayDelayMs`. */
  readonly mos: number;
  readonly oneWayDelayMs: number;
}

export interface CallStatisticsInput {
  readonly codec: MosCodec;
  readonly frameMs: number;
  readonly sender: RtpSenderCounters;
  readonly receiver: RtpReceiverStats;
  readonly playout: PlayoutStats;
  readonly roundTripTimeMs: number | undefined;
}

/**
 * One snapshot. Mouth-to-ear delay is estimated as half the RTT (the network one way), plus the
 * playout delay, plus one frame of packetisation; capture and device buffers are not known here.
 * Without an RTT the network part counts as zero.
 */
export function callStatistics(input: CallStatisticsInput): CallStatistics {
  const expected = input.receiver.packetsExpected;
  const lost = input.receiver.cumulativeLost;
  const lossFraction = expected > 0 ? Math.min(1, Math.max(0, lost / expected)) : 0;
  const oneWayDelayMs = (input.roundTripTimeMs ?? 0) / 2 + input.playout.currentDelayMs + input.frameMs;
  return {
    packetsSent: input.sender.packetCount,
    packetsReceived: input.receiver.packetsReceived,
    packetsLost: lost,
    lossFraction,
    jitterMs: input.receiver.jitterMs,
    roundTripTimeMs: input.roundTripTimeMs ?? null,
    concealedFrames: input.playout.concealed + input.playout.stretched,
    playoutDelayMs: input.playout.currentDelayMs,
    mos: estimateMos({ codec: input.codec, oneWayDelayMs, lossFraction }).mos,
    oneWayDelayMs,
  };
}
