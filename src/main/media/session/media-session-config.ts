import type { AudioCodec, CodecName } from '../codecs/audio-codec.js';
import { createCodec } from '../codecs/create-codec.js';
import { isMediaCodecError } from '../codecs/media-codec-error.js';
import type { OpusEncoderOptions } from '../codecs/opus-encoder.js';
import type { PlayoutBufferOptions } from '../playout/playout-buffer.js';
import { MediaSessionError } from './media-session-error.js';

/** SDP's direction attributes (RFC 3264 §5.1), as seen from our side. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
export const MEDIA_DIRECTIONS: readonly MediaDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

export const sendsIn = (direction: MediaDirection): boolean => direction === 'sendrecv' || direction === 'sendonly';
export const playsIn = (direction: MediaDirection): boolean => direction === 'sendrecv' || direction === 'recvonly';

/** The codec the offer/answer settled on: `a=rtpmap:<payloadType> <encodingName>/<clockRate>`. */
export interface NegotiatedCodec {
  readonly encodingName: string;
  readonly payloadType: number;
  readonly clockRate: number;
}

export interface MediaSessionConfig {
  readonly codec: NegotiatedCodec;
  /** `a=rtpmap:<pt> telephone-event/<codec clock rate>` when negotiated (RFC 4733). */
  readonly telephoneEventPayloadType?: number | undefined;
  /** Our SSRC; random when absent. */
  readonly ssrc?: number | undefined;
  /** RTCP SDES CNAME; random when absent. */
  readonly cname?: string | undefined;
  readonly direction?: MediaDirection | undefined;
  /** Opus `fmtp` and tuning (RFC 7587 §6.1); ignored for G.711. */
  readonly opus?: OpusEncoderOptions | undefined;
  /** How often `levels` fires. Default 200 ms: a few a second for the UI's meters. */
  readonly levelIntervalMs?: number | undefined;
  /**
   * RTCP on the RTP port (RFC 5761), as the session has only that one port. False when the peer
   * did not agree to `a=rtcp-mux`: then no RTCP is sent at all, because muxed RTCP would land on
   * a port where the peer does not expect it. Default true.
   */
  readonly rtcpMux?: boolean | undefined;
  /** Session bandwidth in bit/s for the RTCP share (§6.2); a per-codec default otherwise. */
  readonly sessionBandwidthBps?: number | undefined;
  readonly playout?: Omit<PlayoutBufferOptions, 'clockRate'> | undefined;
}

/** RTP payload, headers and 50 packets a second (b=AS of common phones): G.711 64 kbit/s + 16. */
const DEFAULT_SESSION_BANDWIDTH_BPS: Readonly<Record<CodecName, number>> = { opus: 64_000, PCMU: 80_000, PCMA: 80_000 };
/** §6.2: RTCP gets 5 % of the session bandwidth. */
const RTCP_BANDWIDTH_FRACTION = 0.05;

export interface ResolvedSessionConfig {
  readonly codec: AudioCodec;
  readonly payloadType: number;
  readonly telephoneEventPayloadType: number | undefined;
  readonly direction: MediaDirection;
  readonly levelIntervalMs: number;
  readonly rtcpMux: boolean;
  /** Octets per second. */
  readonly rtcpBandwidth: number;
}

/** Checks a negotiated configuration; anything unusable is `MEDIA_BAD_CONFIG`. */
export function resolveSessionConfig(config: MediaSessionConfig): ResolvedSessionConfig {
  let codec: AudioCodec;
  try {
    codec = createCodec(config.codec.encodingName, config.opus ? { opus: config.opus } : {});
  } catch (error) {
    if (isMediaCodecError(error)) throw new MediaSessionError('MEDIA_BAD_CONFIG', error.message, { cause: error });
    throw error;
  }
  const { descriptor } = codec;
  if (config.codec.clockRate !== descriptor.clockRate) {
    throw new MediaSessionError('MEDIA_BAD_CONFIG', `${descriptor.encodingName} runs at ${descriptor.clockRate} Hz, not ${config.codec.clockRate}`);
  }
  checkPayloadType('codec payload type', config.codec.payloadType);
  const telephoneEvent = config.telephoneEventPayloadType;
  if (telephoneEvent !== undefined) {
    checkPayloadType('telephone-event payload type', telephoneEvent);
    if (telephoneEvent === config.codec.payloadType) throw new MediaSessionError('MEDIA_BAD_CONFIG', `payload type ${telephoneEvent} cannot be both audio and telephone-event`);
  }
  if (config.ssrc !== undefined && (!Number.isInteger(config.ssrc) || config.ssrc < 0 || config.ssrc > 0xffff_ffff)) {
    throw new MediaSessionError('MEDIA_BAD_CONFIG', `SSRC ${config.ssrc} is not a 32-bit unsigned integer`);
  }
  const levelIntervalMs = config.levelIntervalMs ?? 200;
  if (!(levelIntervalMs >= 20)) throw new MediaSessionError('MEDIA_BAD_CONFIG', `a level interval of ${levelIntervalMs} ms (at least 20)`);
  const bandwidth = config.sessionBandwidthBps ?? DEFAULT_SESSION_BANDWIDTH_BPS[descriptor.encodingName];
  if (!(bandwidth > 0)) throw new MediaSessionError('MEDIA_BAD_CONFIG', `a session bandwidth of ${bandwidth} bit/s`);
  return {
    codec,
    payloadType: config.codec.payloadType,
    telephoneEventPayloadType: telephoneEvent,
    direction: config.direction ?? 'sendrecv',
    levelIntervalMs,
    rtcpMux: config.rtcpMux ?? true,
    rtcpBandwidth: (bandwidth * RTCP_BANDWIDTH_FRACTION) / 8,
  };
}

/** 0–127, and not 64–95, which read as RTCP packet types when RTP and RTCP share a port (RFC 5761 §4). */
function checkPayloadType(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 127 || (value >= 64 && value <= 95)) {
    throw new MediaSessionError('MEDIA_BAD_CONFIG', `${name} ${value} is not 0–63 or 96–127 (RFC 5761 §4)`);
  }
}
