import { z } from 'zod';
import type { AudioLevel } from '../audio/level-meter.js';
import type { DtmfDigit } from '../codecs/telephone-event.js';
import type { AudioDevice, AudioDirection } from '../devices/audio-device-list.js';
import type { DeviceSwitchOutcome } from '../devices/device-stream-keeper.js';
import type { CallStatistics } from '../rtcp/call-statistics.js';
import { MEDIA_DIRECTIONS, type MediaDirection } from '../session/media-session-config.js';
import type { MediaSessionErrorCode } from '../session/media-session-error.js';
import type { UdpAddress } from '../session/rtp-udp-transport.js';
import { MIX_MODES, type MixMode } from '../mixer/conference-mix.js';
import type { TickTimingsSnapshot } from './tick-timings.js';

/**
 * The typed request channel between the main thread and a media worker (the mediasoup habit):
 * one place for every request, result and event that crosses to the worker, whether it is a
 * thread or a child process. Requests are checked against these schemas inside the worker, so a
 * bad one is a `MEDIA_BAD_REQUEST` answer, never a crashed worker.
 */

const port = z.number().int().min(0).max(65535);
const AddressSchema = z.object({ address: z.string().min(1), port: port.min(1) });
const SessionIdSchema = z.string().min(1).max(200);
/** A sound card's name as PortAudio lists it (matched as `findDevice` does). */
const DeviceNameSchema = z.string().min(1).max(512);
/** A sound card: the remembered device name, or the default device when absent. */
const DeviceSpecSchema = z.object({ kind: z.literal('device'), name: DeviceNameSchema.optional() });

/** A conference member on this worker's mixer (see `ConferenceMixers.member`). */
const ConferenceMemberSpecSchema = z.object({ kind: z.literal('conference'), conferenceId: z.string().min(1).max(200), memberId: z.string().min(1).max(200) });

export const AudioSourceSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('silence') }),
  z.object({ kind: z.literal('tone'), frequencyHz: z.number().positive().max(24000), level: z.number().min(0).max(1).optional() }),
  /** `--play FILE.wav`; `loop`: from its start again when it ends (the demo's conference room bots). */
  z.object({ kind: z.literal('wav'), path: z.string().min(1), loop: z.boolean().optional() }),
  /** The microphone. */
  DeviceSpecSchema,
  /** An echo test: plays back what the call heard (its sink must be `echo` too), `delayMs` later. */
  z.object({ kind: z.literal('echo'), delayMs: z.number().min(20).max(10_000) }),
  /** A conference member's mix-minus from the conference mixer of this worker (its sink must be `conference` too). */
  ConferenceMemberSpecSchema,
]);

export const AudioSinkSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('null') }),
  /** `--record FILE.wav`. */
  z.object({ kind: z.literal('wav'), path: z.string().min(1) }),
  /** The loudspeaker. */
  DeviceSpecSchema,
  /** Into the echo line of the session's `echo` source. */
  z.object({ kind: z.literal('echo') }),
  /** The member's received audio, into the conference mixer of this worker. */
  ConferenceMemberSpecSchema,
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

const ConferenceIdSchema = z.string().min(1).max(200);
const MemberIdSchema = z.string().min(1).max(200);

/**
 * A conference's mixer on this worker (one shard of it: `ConferenceMixers` spreads a
 * conference's members over several workers, which exchange their speakers through `board`).
 */
const CONFERENCE_REQUESTS = [
  z.object({
    id: z.number().int(),
    method: z.literal('openConference'),
    params: z.object({
      conferenceId: ConferenceIdSchema,
      shard: z.number().int().min(0).max(63),
      shards: z.number().int().min(1).max(64),
      mode: z.enum(MIX_MODES as [MixMode, ...MixMode[]]),
      maxSpeakers: z.number().int().min(1).max(16),
      maxCandidates: z.number().int().min(1).max(32),
      /** Shared by the conference's shards (worker threads of one process). */
      board: z.instanceof(SharedArrayBuffer),
      /** The tick grid of all shards: `performance.timeOrigin + performance.now()` at its origin. */
      gridOriginMs: z.number(),
    }),
  }),
  z.object({ id: z.number().int(), method: z.literal('closeConference'), params: z.object({ conferenceId: ConferenceIdSchema }) }),
  /** A member without RTP on this worker's shard (a bot playing a file; not a device, not echo or conference). */
  z.object({
    id: z.number().int(),
    method: z.literal('addConferenceMember'),
    params: z.object({ conferenceId: ConferenceIdSchema, memberId: MemberIdSchema, source: AudioSourceSpecSchema, sink: AudioSinkSpecSchema }),
  }),
  z.object({ id: z.number().int(), method: z.literal('removeConferenceMember'), params: z.object({ conferenceId: ConferenceIdSchema, memberId: MemberIdSchema }) }),
  z.object({
    id: z.number().int(),
    method: z.literal('setConferenceMemberMuted'),
    params: z.object({ conferenceId: ConferenceIdSchema, memberId: MemberIdSchema, muted: z.boolean() }),
  }),
  /** The worker's tick timings since the previous call (the mixer bench). */
  z.object({ id: z.number().int(), method: z.literal('takeTickTimings'), params: z.object({}) }),
] as const;

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
  /**
   * Moves a running session's microphone (`input`) or loudspeaker (`output`) to the named device,
   * or to the default one (`name` null), without pausing the call. Answered with the outcome.
   */
  z.object({
    id: z.number().int(),
    method: z.literal('switchDevice'),
    params: z.object({ sessionId: SessionIdSchema, direction: z.enum(['input', 'output']), name: DeviceNameSchema.nullable() }),
  }),
  z.object({ id: z.number().int(), method: z.literal('getStatistics'), params: z.object({ sessionId: SessionIdSchema }) }),
  z.object({ id: z.number().int(), method: z.literal('closeSession'), params: z.object({ sessionId: SessionIdSchema }) }),
  /** The sound cards, asked of the worker so that the main thread never loads naudiodon. */
  z.object({ id: z.number().int(), method: z.literal('listDevices'), params: z.object({}) }),
  /** Closes every session (recordings patched, sockets closed); the worker then has nothing keeping it alive. */
  z.object({ id: z.number().int(), method: z.literal('shutdown'), params: z.object({}) }),
  ...CONFERENCE_REQUESTS,
]);
export type MediaWorkerRequest = z.infer<typeof MediaWorkerRequestSchema>;
export type MediaWorkerMethod = MediaWorkerRequest['method'];
export type MediaWorkerParams<M extends MediaWorkerMethod> = Extract<MediaWorkerRequest, { method: M }>['params'];

export interface CreatedSession {
  readonly sessionId: string;
  /** Where the peer should send: the `c=`/`m=` of our SDP. */
  readonly localAddress: UdpAddress | null;
  readonly ssrc: number;
  /** The devices the session opened, by the names PortAudio lists (a side that is not a sound card is absent). */
  readonly devices: Partial<Record<AudioDirection, string>>;
}

export interface MediaWorkerResults {
  createSession: CreatedSession;
  startSession: null;
  setMute: null;
  setHold: null;
  sendDtmf: null;
  /** A switch that could not be done is an answer too (`ok: false`, and which device runs instead). */
  switchDevice: DeviceSwitchOutcome;
  getStatistics: CallStatistics;
  /** The final figures. */
  closeSession: CallStatistics;
  /** Empty when naudiodon cannot load or PortAudio finds nothing: "no audio devices", not an error. */
  listDevices: AudioDevice[];
  shutdown: null;
  openConference: null;
  closeConference: null;
  addConferenceMember: null;
  removeConferenceMember: null;
  setConferenceMemberMuted: null;
  takeTickTimings: TickTimingsSnapshot;
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
   * A session's device stream started: at creation, after each fallback and after a switch. The events of a new
   * session come after its `createSession` answer, so a caller that subscribes then still hears them.
   */
  deviceOpened: { readonly sessionId: string; readonly direction: AudioDirection; readonly name: string; readonly sampleRate: number; readonly channelCount: number };
  /**
   * A session's device vanished or failed and the default took over (`to`), or nothing could yet
   * (`to` undefined: silence while it retries). The session and the call go on.
   */
  deviceFellBack: { readonly sessionId: string; readonly direction: AudioDirection; readonly from: string; readonly to: string | undefined; readonly reason: string };
  /** This worker's members of a conference who are among its speakers now (after each change). */
  conferenceSpeaking: { readonly conferenceId: string; readonly speaking: readonly string[] };
  /** A conference member's session closed (its call ended), and it left the mix. */
  conferenceMemberLeft: { readonly conferenceId: string; readonly memberId: string };
  /** A conference's mix failed on this worker (a fault): its shard here is closed. */
  conferenceFailed: { readonly conferenceId: string; readonly message: string };
  /** A session (sessionId set) or the whole worker (no sessionId) failed. */
  failed: { readonly sessionId?: string | undefined; readonly code: MediaSessionErrorCode; readonly message: string };
}

export type MediaWorkerEventName = keyof MediaWorkerEvents & string;

/** What the worker posts to the host. */
export type MediaWorkerMessage =
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: MediaWorkerErrorValue }
  | { readonly [E in MediaWorkerEventName]: { readonly type: 'event'; readonly name: E; readonly payload: MediaWorkerEvents[E] } }[MediaWorkerEventName];
