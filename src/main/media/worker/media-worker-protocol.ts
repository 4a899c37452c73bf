import { z } from 'zod';
import type { AudioLevel } from '../audio/level-meter.js';
import type { DtmfDigit } from '../codecs/telephone-event.js';
import type { AudioDevice, AudioDirection } from '../devices/audio-device-list.js';
import type { CallStatistics } from '../rtcp/call-statistics.js';
import { MEDIA_DIRECTIONS, type MediaDirection } from '../session/media-session-config.js';
import type { MediaSessionErrorCode } from '../session/media-session-error.js';
import type { UdpAddress } from '../session/rtp-udp-transport.js';

/**
 * The typed request channel between the main thread and a media worker (the mediasoup habit):
 * one place for every request, result and event that crosses to the worker, whether it is a
 * thread or a child process. Requests are checked against these schemas inside the worker, so a
 * bad one is a `MEDIA_BAD_REQUEST` answer, never a crashed worker.
 */

const port = z.number().int().min(0).max(65535);
const AddressSchema = z.object({ address: z.string().min(1), port: port.min(1) });
const SessionIdSchema = z.string().min(1).max(200);
/** A sound card: the remembered device name (matched as `findDevice` does), or the default device when absent. */
const DeviceSpecSchema = z.object({ kind: z.literal('device'), name: z.string().min(1).max(512).optional() });

export const AudioSourceSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('silence') }),
  z.object({ kind: z.literal('tone'), frequencyHz: z.number().positive().max(24000), level: z.number().min(0).max(1).optional() }),
  /** `--play FILE.wav`. */
  z.object({ kind: z.literal('wav'), path: z.string().min(1) }),
  /** The microphone. */
  DeviceSpecSchema,
  /** An echo test: plays back what the call heard (its sink must be `echo` too), `delayMs` later. */
  z.object({ kind: z.literal('echo'), delayMs: z.number().min(20).max(10_000) }),
]);

export const AudioSinkSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('null') }),
  /** `--record FILE.wav`. */
  z.object({ kind: z.literal('wav'), path: z.string().min(1) }),
  /** The loudspeaker. */
  DeviceSpecSchema,
  /** Into the echo line of the session's `echo` source. */
  z.object({ kind: z.literal('echo') }),
]);
export type AudioSourceSpec = z.infer<typeof AudioSourceSpecSchema>;
export type AudioSinkSpec = z.infer<typeof AudioSinkSpecSchema>;

export const SessionOptionsSchema = z.object({
  /** The negotiated codec: `a=rtpmap:<payloadType> <encodingName>/<clockRate>`. */
  codec: z.object({ encodingName: z.string().min(1).max(32), payloadType: z.number().int(), clockRate: z.number().int().positive() }),
  telephoneEventPayloadType: z.number().int().optional(),
  ssrc: z.number().int().min(0).max(0xffff_ffff).optional(),
  cname: z.string().min(1).max(255).optional(),
  direction: z.enum(MEDIA_DIRECTIONS as [MediaDirection, ...MediaDirection[]]).optional(),
  opus: z
    .object({ bitrate: z.number().int(), complexity: z.number().int(), inbandFec: z.boolean(), dtx: z.boolean(), packetLossPercent: z.number().int() })
    .partial()
    .optional(),
  source: AudioSourceSpecSchema,
  sink: AudioSinkSpecSchema,
  /** The local address to bind (default 0.0.0.0) and port (default: any free one). */
  local: z.object({ host: z.string().min(1), port: port.optional() }).optional(),
  /**
   * `udp` (default): a socket of its own on `local`. `relayed`: RTP goes out as `datagramOut`
   * events and comes in as datagram messages, for a peer connection the host holds.
   */
  transport: z.enum(['udp', 'relayed']).optional(),
  /** Known at creation for an answerer; else given to `startSession`. */
  remote: AddressSchema.optional(),
  levelIntervalMs: z.number().min(20).max(60_000).optional(),
  /** RTCP only when the peer agreed to rtcp-mux (RFC 5761); default true. */
  rtcpMux: z.boolean().optional(),
  /** How often `statistics` fires while the session runs. Default 1000 ms; 0 turns it off. */
  statisticsIntervalMs: z.number().min(0).max(600_000).optional(),
  /** Close the session by itself this long after its file source ended (`--play` to the end). */
  closeAfterSourceEndedMs: z.number().min(0).max(600_000).optional(),
  /** Loss injected on sending (tests): share of datagrams dropped, with a seed. */
  lossRate: z.number().min(0).max(1).optional(),
  lossSeed: z.number().int().optional(),
});
export type SessionOptions = z.infer<typeof SessionOptionsSchema>;

/**
 * RTP/RTCP for a relayed session, host → worker. Not a request: nothing answers it, because a
 * call moves 50 of them a second each way.
 */
export interface MediaWorkerDatagram {
  readonly type: 'datagram';
  readonly sessionId: string;
  readonly bytes: Uint8Array;
}

export function isDatagramMessage(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === 'datagram';
}

export const MediaWorkerRequestSchema = z.discriminatedUnion('method', [
  z.object({ id: z.number().int(), method: z.literal('createSession'), params: z.object({ sessionId: SessionIdSchema, options: SessionOptionsSchema }) }),
  z.object({ id: z.number().int(), method: z.literal('startSession'), params: z.object({ sessionId: SessionIdSchema, remote: AddressSchema.optional() }) }),
  z.object({ id: z.number().int(), method: z.literal('setMute'), params: z.object({ sessionId: SessionIdSchema, muted: z.boolean() }) }),
  z.object({
    id: z.number().int(),
    method: z.literal('setHold'),
    params: z.object({ sessionId: SessionIdSchema, direction: z.enum(MEDIA_DIRECTIONS as [MediaDirection, ...MediaDirection[]]) }),
  }),
  z.object({ id: z.number().int(), method: z.literal('sendDtmf'), params: z.object({ sessionId: SessionIdSchema, digits: z.string().min(1).max(64) }) }),
  z.object({ id: z.number().int(), method: z.literal('getStatistics'), params: z.object({ sessionId: SessionIdSchema }) }),
  z.object({ id: z.number().int(), method: z.literal('closeSession'), params: z.object({ sessionId: SessionIdSchema }) }),
  /** The sound cards, asked of the worker so that the main thread never loads naudiodon. */
  z.object({ id: z.number().int(), method: z.literal('listDevices'), params: z.object({}) }),
  /** Closes every session (recordings patched, sockets closed); the worker then has nothing keeping it alive. */
  z.object({ id: z.number().int(), method: z.literal('shutdown'), params: z.object({}) }),
]);
export type MediaWorkerRequest = z.infer<typeof MediaWorkerRequestSchema>;
export type MediaWorkerMethod = MediaWorkerRequest['method'];
export type MediaWorkerParams<M extends MediaWorkerMethod> = Extract<MediaWorkerRequest, { method: M }>['params'];

export interface CreatedSession {
  readonly sessionId: string;
  /** Where the peer should send: the `c=`/`m=` of our SDP. */
  readonly localAddress: UdpAddress | null;
  readonly ssrc: number;
}

export interface MediaWorkerResults {
  createSession: CreatedSession;
  startSession: null;
  setMute: null;
  setHold: null;
  sendDtmf: null;
  getStatistics: CallStatistics;
  /** The final figures. */
  closeSession: CallStatistics;
  /** Empty when naudiodon cannot load or PortAudio finds nothing: "no audio devices", not an error. */
  listDevices: AudioDevice[];
  shutdown: null;
}

export interface MediaWorkerErrorValue {
  readonly code: MediaSessionErrorCode;
  readonly message: string;
}

export type SessionClosedReason = 'closed' | 'sourceEnded' | 'shutdown' | 'failed';

export interface MediaWorkerEvents extends Record<string, unknown> {
  dtmfReceived: { readonly sessionId: string; readonly digit: DtmfDigit; readonly timestamp: number; readonly volume: number };
  levels: { readonly sessionId: string; readonly input: AudioLevel; readonly output: AudioLevel; readonly muted: boolean };
  statistics: { readonly sessionId: string; readonly statistics: CallStatistics };
  sourceEnded: { readonly sessionId: string };
  /** The peer sent RTCP BYE. */
  byeReceived: { readonly sessionId: string };
  sessionClosed: { readonly sessionId: string; readonly reason: SessionClosedReason; readonly statistics: CallStatistics };
  /** RTP/RTCP a relayed session sends: the host puts it on the peer connection. */
  datagramOut: { readonly sessionId: string; readonly bytes: Uint8Array };
  /**
   * A session's device stream started: at creation and after each fallback. The events of a new
   * session come after its `createSession` answer, so a caller that subscribes then still hears them.
   */
  deviceOpened: { readonly sessionId: string; readonly direction: AudioDirection; readonly name: string; readonly sampleRate: number; readonly channelCount: number };
  /**
   * A session's device vanished or failed and the default took over (`to`), or nothing could yet
   * (`to` undefined: silence while it retries). The session and the call go on.
   */
  deviceFellBack: { readonly sessionId: string; readonly direction: AudioDirection; readonly from: string; readonly to: string | undefined; readonly reason: string };
  /** A session (sessionId set) or the whole worker (no sessionId) failed. */
  failed: { readonly sessionId?: string | undefined; readonly code: MediaSessionErrorCode; readonly message: string };
}

export type MediaWorkerEventName = keyof MediaWorkerEvents & string;

/** What the worker posts to the host. */
export type MediaWorkerMessage =
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: MediaWorkerErrorValue }
  | { readonly [E in MediaWorkerEventName]: { readonly type: 'event'; readonly name: E; readonly payload: MediaWorkerEvents[E] } }[MediaWorkerEventName];
