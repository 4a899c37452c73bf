/**
 * Our typed view of an SDP session description (RFC 8866, formerly RFC 4566), holding what
 * offer/answer (RFC 3264) and the media engine need. Parsed once at the edge by `parseSdp`.
 */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface MediaFormat {
  /** RTP payload type, 0–127. */
  payloadType: number;
  /** Encoding name as written (case kept; compare case-insensitively, RFC 4855 §3). */
  encoding: string;
  clockRate: number;
  /** Audio channels; 1 when absent. */
  channels: number;
  /** The a=fmtp parameters, verbatim. */
  parameters?: string;
}

export interface MediaDescription {
  /** `audio`, `video`, … */
  kind: string;
  /** 0 = rejected or disabled stream (RFC 3264 §6, §8.2). */
  port: number;
  /** `RTP/AVP`, `RTP/SAVP`, … */
  protocol: string;
  /** In m= line order, which is the sender's preference order. */
  formats: MediaFormat[];
  /**
   * The m= line's format list as written, kept so that a stream we cannot model (t38, a
   * dynamic type without rtpmap) can still be rejected by echoing it (RFC 3264 §6).
   */
  formatList: string;
  direction: MediaDirection;
  /** c= at media level, if any; otherwise the session's. */
  connectionAddress?: string;
  /** a=rtcp-mux (RFC 5761). */
  rtcpMux: boolean;
  /** a=ptime in milliseconds, if given. */
  packetTime?: number;
}

export interface SessionDescription {
  origin: {
    username: string;
    sessionId: string;
    /** Incremented on every change of the description (RFC 3264 §8). */
    sessionVersion: bigint;
    /** IP4 or IP6 and the address. */
    addressType: 'IP4' | 'IP6';
    address: string;
  };
  sessionName: string;
  connectionAddress?: string;
  media: MediaDescription[];
}

/** RFC 3551 §6 static payload types that may appear without a=rtpmap. */
export const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, Omit<MediaFormat, 'payloadType'>> = new Map([
  [0, { encoding: 'PCMU', clockRate: 8000, channels: 1 }],
  [3, { encoding: 'GSM', clockRate: 8000, channels: 1 }],
  [4, { encoding: 'G723', clockRate: 8000, channels: 1 }],
  [8, { encoding: 'PCMA', clockRate: 8000, channels: 1 }],
  [9, { encoding: 'G722', clockRate: 8000, channels: 1 }],
  [13, { encoding: 'CN', clockRate: 8000, channels: 1 }],
  [18, { encoding: 'G729', clockRate: 8000, channels: 1 }],
]);

/** The address a stream's media goes to: its own c= line or the session's (RFC 8866 §5.7). */
export function mediaAddress(session: SessionDescription, media: MediaDescription): string | undefined {
  return media.connectionAddress ?? session.connectionAddress;
}
