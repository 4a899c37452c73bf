/**
 * RTCP packets as values (RFC 3550 §6.4–§6.6). One datagram carries a compound packet: several of
 * these back to back, the first a report (SR or RR, §6.1). Types we do not read (APP, feedback,
 * XR) are kept as `other` so nothing a peer sends makes the whole compound unreadable.
 */

/** RFC 3550 §12.1 packet types. */
export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const RTCP_APP = 204;

/** SDES item types (§6.5); CNAME is the one every compound carries. */
export const SDES_CNAME = 1;

/** A 64-bit NTP timestamp (§4): seconds since 1900 and a 32-bit binary fraction. */
export interface NtpTimestamp {
  readonly seconds: number;
  readonly fraction: number;
}

/** §6.4.1 sender info. */
export interface SenderInfo {
  readonly ntpTimestamp: NtpTimestamp;
  /** The same instant in the stream's RTP timestamp units. */
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

/** §6.4.1 reception report block, about one source we receive. */
export interface ReportBlock {
  readonly ssrc: number;
  /** Lost / expected since the last report, in 1/256. */
  readonly fractionLost: number;
  /** Signed 24-bit. */
  readonly cumulativeLost: number;
  readonly extendedHighestSequenceNumber: number;
  /** Interarrival jitter in timestamp units. */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR from that source, 0 if none. */
  readonly lastSenderReport: number;
  /** Since that SR arrived, in 1/65536 s; 0 if none. */
  readonly delaySinceLastSenderReport: number;
}

export interface SdesItem {
  readonly type: number;
  readonly text: string;
}

export interface SdesChunk {
  readonly source: number;
  readonly items: readonly SdesItem[];
}

export type RtcpPacket =
  | { readonly type: 'sr'; readonly ssrc: number; readonly senderInfo: SenderInfo; readonly reports: readonly ReportBlock[] }
  | { readonly type: 'rr'; readonly ssrc: number; readonly reports: readonly ReportBlock[] }
  | { readonly type: 'sdes'; readonly chunks: readonly SdesChunk[] }
  | { readonly type: 'bye'; readonly sources: readonly number[]; readonly reason?: string | undefined }
  /** Anything else, kept whole: the 5-bit count and the body after the 4-octet header. */
  | { readonly type: 'other'; readonly packetType: number; readonly count: number; readonly body: Uint8Array };

/** The five-bit count fields (RC, SC) hold at most 31 entries. */
export const MAX_RTCP_COUNT = 31;
export const REPORT_BLOCK_LENGTH = 24;
export const SENDER_INFO_LENGTH = 20;
