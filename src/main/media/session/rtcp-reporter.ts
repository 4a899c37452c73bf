import { encodeRtcpCompound } from '../rtcp/encode-rtcp-compound.js';
import { compactNtp, ntpFromMs } from '../rtcp/ntp-timestamp.js';
import { delaySinceLastSenderReport, roundTripTimeMs } from '../rtcp/round-trip-time.js';
import { rtcpIntervalSeconds } from '../rtcp/rtcp-interval.js';
import { SDES_CNAME, type ReportBlock, type RtcpPacket } from '../rtcp/rtcp-packet.js';
import type { RtpReceiverStats } from '../rtp/rtp-receiver-stats.js';
import type { RtpSender } from '../rtp/rtp-sender.js';

/** IPv4 and UDP headers, which the average RTCP size includes (RFC 3550 §6.3.3). */
const IP_UDP_HEADER_BYTES = 28;
/** A first guess of a compound's size (RR + one block + SDES), replaced as packets go by. */
const INITIAL_AVERAGE_RTCP_SIZE = 100;

export interface RtcpReporterOptions {
  readonly ssrc: number;
  readonly cname: string;
  /** Octets per second for RTCP: 5 % of the session bandwidth (§6.2). */
  readonly rtcpBandwidth: number;
  readonly random: () => number;
}

/** What a report says about this moment: our sending and the one source we receive. */
export interface RtcpReportInput {
  readonly sender: RtpSender;
  /** We sent RTP since the previous report: an SR rather than an RR (§6.4). */
  readonly weSent: boolean;
  readonly remote: { readonly ssrc: number; readonly stats: RtpReceiverStats } | undefined;
  /** The peer sent RTP since the previous report (it counts among the senders for A.7). */
  readonly remoteSent: boolean;
}

/**
 * The RTCP side of a one-to-one session, pure: when the next compound is due (RFC 3550 A.7 via
 * `rtcpIntervalSeconds`, the first one after half the minimum), what it holds (SR or RR, one
 * report block with LSR/DLSR, SDES CNAME, BYE on close), and what the peer's reports tell us
 * (the round-trip time, §6.4.1). With two members, timer reconsideration (§6.3.6) changes nothing
 * and is left out.
 */
export class RtcpReporter {
  readonly #options: RtcpReporterOptions;
  #nextAtMs: number | undefined;
  #initial = true;
  #averageSize = INITIAL_AVERAGE_RTCP_SIZE;
  #remoteSenderReport: { compact: number; arrivalMs: number } | undefined;
  #roundTripTimeMs: number | undefined;
  #reportsSent = 0;
  #reportsReceived = 0;
  #byeReceived = false;

  constructor(options: RtcpReporterOptions) {
    this.#options = options;
  }

  get roundTripTimeMs(): number | undefined {
    return this.#roundTripTimeMs;
  }

  get reportsSent(): number {
    return this.#reportsSent;
  }

  get reportsReceived(): number {
    return this.#reportsReceived;
  }

  /** The peer said BYE (§6.6). */
  get byeReceived(): boolean {
    return this.#byeReceived;
  }

  /** True when a compound should go now; the first call only schedules the first report. */
  due(nowMs: number, input: Pick<RtcpReportInput, 'weSent' | 'remoteSent'>): boolean {
    if (this.#nextAtMs === undefined) {
      this.#schedule(nowMs, input);
      return false;
    }
    return nowMs >= this.#nextAtMs;
  }

  /** The compound for now, and the next one scheduled. */
  report(nowMs: number, input: RtcpReportInput): Uint8Array {
    const bytes = encodeRtcpCompound([this.#reportPacket(nowMs, input), this.#sdes()]);
    this.#noteSize(bytes.length);
    this.#reportsSent += 1;
    this.#initial = false;
    this.#schedule(nowMs, input);
    return bytes;
  }

  /** The last compound of the session: a report, SDES and BYE (§6.6). */
  bye(nowMs: number, input: RtcpReportInput, reason?: string): Uint8Array {
    const bye: RtcpPacket = { type: 'bye', sources: [this.#options.ssrc], reason };
    return encodeRtcpCompound([this.#reportPacket(nowMs, input), this.#sdes(), bye]);
  }

  /** A compound from the peer: remember its SR for LSR/DLSR, take the RTT from blocks about us. */
  receive(packets: readonly RtcpPacket[], sizeBytes: number, nowMs: number): void {
    this.#noteSize(sizeBytes);
    for (const packet of packets) {
      if (packet.type === 'sr') this.#remoteSenderReport = { compact: compactNtp(packet.senderInfo.ntpTimestamp), arrivalMs: nowMs };
      if (packet.type === 'sr' || packet.type === 'rr') {
        this.#reportsReceived += 1;
        for (const block of packet.reports) {
          if (block.ssrc !== this.#options.ssrc) continue;
          const rtt = roundTripTimeMs(compactNtp(ntpFromMs(nowMs)), block.lastSenderReport, block.delaySinceLastSenderReport);
          if (rtt !== undefined) this.#roundTripTimeMs = rtt;
        }
      }
      if (packet.type === 'bye') this.#byeReceived = true;
    }
  }

  #reportPacket(nowMs: number, input: RtcpReportInput): RtcpPacket {
    const ssrc = this.#options.ssrc;
    const reports: ReportBlock[] = [];
    if (input.remote && input.remote.stats.packetsReceived > 0) {
      const reception = input.remote.stats.takeReport();
      const lsr = this.#remoteSenderReport;
      reports.push({
        ssrc: input.remote.ssrc,
        ...reception,
        lastSenderReport: lsr?.compact ?? 0,
        delaySinceLastSenderReport: delaySinceLastSenderReport(lsr?.arrivalMs, nowMs),
      });
    }
    if (!input.weSent) return { type: 'rr', ssrc, reports };
    const { packetCount, octetCount } = input.sender.counters;
    const senderInfo = { ntpTimestamp: ntpFromMs(nowMs), rtpTimestamp: input.sender.nextTimestamp, packetCount, octetCount };
    return { type: 'sr', ssrc, senderInfo, reports };
  }

  #sdes(): RtcpPacket {
    return { type: 'sdes', chunks: [{ source: this.#options.ssrc, items: [{ type: SDES_CNAME, text: this.#options.cname }] }] };
  }

  /** §6.3.3: avg_rtcp_size = 1/16 × packet_size + 15/16 × avg_rtcp_size, for packets sent and received. */
  #noteSize(bytes: number): void {
    this.#averageSize += (bytes + IP_UDP_HEADER_BYTES - this.#averageSize) / 16;
  }

  #schedule(nowMs: number, input: Pick<RtcpReportInput, 'weSent' | 'remoteSent'>): void {
    const seconds = rtcpIntervalSeconds(
      {
        members: 2,
        senders: (input.weSent ? 1 : 0) + (input.remoteSent ? 1 : 0),
        rtcpBandwidth: this.#options.rtcpBandwidth,
        weSent: input.weSent,
        averageRtcpSize: this.#averageSize,
        initial: this.#initial,
      },
      this.#options.random,
    );
    this.#nextAtMs = nowMs + seconds * 1000;
  }
}
