import type { Clock } from '../../clock.js';
import { isMediaCodecError } from '../codecs/media-codec-error.js';
import type { AudioDirection } from '../devices/audio-device-list.js';
import type { DeviceStreamListeners, DeviceSwitchOutcome } from '../devices/device-stream-keeper.js';
import type { CallStatistics } from '../rtcp/call-statistics.js';
import { NullSink, SilenceSource, ToneSource, type AudioSink, type AudioSource } from '../session/audio-io.js';
import { MediaSessionCore } from '../session/media-session-core.js';
import { isMediaSessionError, MediaSessionError } from '../session/media-session-error.js';
import { EchoDelayLine } from '../session/echo-delay-line.js';
import { RelayedTransport } from '../session/relayed-transport.js';
import { RtpUdpTransport } from '../session/rtp-udp-transport.js';
import { WavFileRecorder } from '../session/wav-file-recorder.js';
import { WavFileSource } from '../session/wav-file-source.js';
import { seededRandom } from '../../seeded-random.js';
import { FrameClock } from './frame-clock.js';
import { TickTimings } from './tick-timings.js';
import { WorkerConferences } from '../mixer/worker-conferences.js';
import type { ConferenceMemberPort } from '../mixer/conference-member-port.js';
import { MediaWorkerDevices, type MediaWorkerDevicesOptions } from './media-worker-devices.js';
import {
  isDatagramMessage,
  MediaWorkerRequestSchema,
  type AudioSinkSpec, type AudioSourceSpec, type MediaWorkerErrorValue, type MediaWorkerEventName, type MediaWorkerEvents, type MediaWorkerMessage,
  type MediaWorkerMethod, type MediaWorkerParams, type MediaWorkerResults, type SessionClosedReason, type SessionOptions,
} from './media-worker-protocol.js';

/** A device source or sink: its close only starts the stream's quit; `closed` waits for it. */
interface DeviceEndpoint {
  readonly deviceName: string | undefined;
  closed(): Promise<void>;
  switchTo(name: string | undefined): Promise<DeviceSwitchOutcome>;
}

/** A session's sound cards: its microphone (`input`) and loudspeaker (`output`), where they are devices. */
type SessionDevices = Partial<Record<AudioDirection, DeviceEndpoint>>;

export interface MediaWorkerEngineOptions {
  readonly devices?: MediaWorkerDevicesOptions;
  /** Where this clock's 0 is in `performance.timeOrigin` terms, to place conference tick grids (default: performance.timeOrigin). */
  readonly timeOrigin?: number;
}

interface WorkerSession {
  readonly id: string;
  readonly core: MediaSessionCore;
  /** A UDP socket of its own, or datagrams relayed through the host (a peer connection's channel). */
  readonly transport: RtpUdpTransport | RelayedTransport;
  readonly options: SessionOptions;
  readonly devices: SessionDevices;
  started: boolean;
  lastStatisticsMs: number | undefined;
  sourceEndedAtMs: number | undefined;
}

type Handlers = { [M in MediaWorkerMethod]: (params: MediaWorkerParams<M>) => Promise<MediaWorkerResults[M]> };

/**
 * Everything a media worker does, without `worker_threads`: it takes requests (checked against the
 * protocol's schemas), owns the sessions with their sockets, sources and sinks, runs the 20 ms
 * clock for all of them, and posts responses and events through `post`. The entry file only
 * connects it to `parentPort`; tests may drive it directly.
 */
export class MediaWorkerEngine {
  readonly #post: (message: MediaWorkerMessage) => void;
  readonly #clock: Clock;
  readonly #frameClock: FrameClock;
  readonly #sessions = new Map<string, WorkerSession>();
  /** Ids of sessions being created: opening a socket and devices takes turns of the event loop. */
  readonly #creating = new Set<string>();
  readonly #devices: MediaWorkerDevices;
  readonly #timeOrigin: number;
  readonly #timings = new TickTimings();
  readonly #conferences = new WorkerConferences({
    speaking: (conferenceId, speaking) => this.#event('conferenceSpeaking', { conferenceId, speaking }),
    memberLeft: (conferenceId, memberId) => this.#event('conferenceMemberLeft', { conferenceId, memberId }),
    failed: (conferenceId, message) => this.#event('conferenceFailed', { conferenceId, message }),
  });
  readonly #handlers: Handlers = {
    createSession: (params) => this.#create(params.sessionId, params.options),
    startSession: async ({ sessionId, remote }) => this.#start(this.#session(sessionId), remote),
    setMute: async ({ sessionId, muted }) => (this.#session(sessionId).core.setMuted(muted), null),
    setHold: async ({ sessionId, direction }) => (this.#session(sessionId).core.setDirection(direction), null),
    sendDtmf: async ({ sessionId, digits }) => (this.#session(sessionId).core.sendDtmf(digits), null),
    switchDevice: ({ sessionId, direction, name }) => switchDevice(this.#session(sessionId), direction, name),
    getStatistics: async ({ sessionId }) => this.#session(sessionId).core.statistics(),
    closeSession: ({ sessionId }) => this.#close(this.#session(sessionId), 'closed'),
    listDevices: () => this.#devices.list(),
    openConference: async ({ gridOriginMs, ...params }) => {
      this.#conferences.open(params);
      this.#frameClock.alignTo(gridOriginMs - this.#timeOrigin);
      this.#frameClock.start();
      return null;
    },
    closeConference: async ({ conferenceId }) => (this.#conferences.close(conferenceId), this.#stopClockWhenIdle(), null),
    addConferenceMember: ({ conferenceId, memberId, source, sink }) => this.#addConferenceMember(conferenceId, memberId, source, sink),
    removeConferenceMember: async ({ conferenceId, memberId }) => (this.#conferences.shard(conferenceId).leave(memberId), null),
    setConferenceMemberMuted: async ({ conferenceId, memberId, muted }) => (this.#conferences.shard(conferenceId).setMuted(memberId, muted), null),
    takeTickTimings: async () => this.#timings.take(),
    shutdown: async () => {
      this.#conferences.closeAll();
      await Promise.all([...this.#sessions.values()].map((session) => this.#close(session, 'shutdown')));
      await this.#devices.settled();
      return null;
    },
  };

  constructor(post: (message: MediaWorkerMessage) => void, clock: Clock, options: MediaWorkerEngineOptions = {}) {
    this.#post = post;
    this.#clock = clock;
    this.#frameClock = new FrameClock(clock, 20, (dueMs) => this.#tick(dueMs));
    this.#devices = new MediaWorkerDevices(options.devices);
    this.#timeOrigin = options.timeOrigin ?? performance.timeOrigin;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /**
   * Device streams whose quit never returned (an output device that died). Each holds a libuv
   * pool thread that blocks a normal exit, so a media process with any must be killed instead.
   */
  get stuckDeviceStreams(): number {
    return this.#devices.stuckStreams;
  }

  /** One message from the host; always answered (if it has an id), never thrown. */
  async handle(raw: unknown): Promise<void> {
    if (isDatagramMessage(raw)) return this.#deliver(raw);
    const parsed = MediaWorkerRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'number' ? (raw as { id: number }).id : undefined;
      const error: MediaWorkerErrorValue = { code: 'MEDIA_BAD_REQUEST', message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') };
      if (id === undefined) this.#event('failed', error);
      else this.#post({ type: 'response', id, ok: false, error });
      return;
    }
    const request = parsed.data;
    try {
      const handler = this.#handlers[request.method] as (params: typeof request.params) => Promise<unknown>;
      this.#post({ type: 'response', id: request.id, ok: true, value: await handler(request.params) });
    } catch (error) {
      this.#post({ type: 'response', id: request.id, ok: false, error: errorValue(error) });
    }
  }

  /**
   * A datagram for a relayed session: not answered (50 a second per call), and checked by hand
   * rather than by schema on this per-packet path; anything else is dropped like a stray packet.
   */
  #deliver(raw: unknown): void {
    const { sessionId, bytes } = raw as { sessionId?: unknown; bytes?: unknown };
    if (typeof sessionId !== 'string' || !(bytes instanceof Uint8Array)) return;
    const transport = this.#sessions.get(sessionId)?.transport;
    if (transport instanceof RelayedTransport) transport.deliver(bytes);
  }

  async #create(sessionId: string, options: SessionOptions): Promise<MediaWorkerResults['createSession']> {
    if (this.#sessions.has(sessionId) || this.#creating.has(sessionId)) throw new MediaSessionError('MEDIA_SESSION_EXISTS', `a session ${sessionId} exists`);
    this.#creating.add(sessionId);
    try {
      return await this.#open(sessionId, options);
    } finally {
      this.#creating.delete(sessionId);
    }
  }

  async #open(sessionId: string, options: SessionOptions): Promise<MediaWorkerResults['createSession']> {
    const loss = { lossRate: options.lossRate, random: options.lossSeed === undefined ? undefined : seededRandom(options.lossSeed) };
    const transport =
      options.transport === 'relayed'
        ? new RelayedTransport((bytes) => this.#event('datagramOut', { sessionId, bytes }), loss)
        : await RtpUdpTransport.open({ host: options.local?.host ?? '0.0.0.0', port: options.local?.port, remote: options.remote, ...loss });
    const announcer = this.#deviceAnnouncer(sessionId);
    const devices: SessionDevices = {};
    let source: AudioSource | undefined;
    let sink: AudioSink | undefined;
    try {
      const member = this.#conferencePort(options);
      const echo = options.source.kind === 'echo' ? new EchoDelayLine(options.source.delayMs) : undefined;
      source = member ?? echo ?? (await this.#createSource(options.source, announcer.listeners, devices));
      sink = member ?? (options.sink.kind === 'echo' ? echoSink(echo) : await this.#createSink(options.sink, announcer.listeners, devices));
      const core = new MediaSessionCore({ ...options, source, sink, random: Math.random });
      const session: WorkerSession = { id: sessionId, core, transport, options, devices, started: false, lastStatisticsMs: undefined, sourceEndedAtMs: undefined };
      this.#wire(session);
      this.#sessions.set(sessionId, session);
      // A macrotask later, `handle` has posted this answer: the held device events follow it.
      setImmediate(announcer.release);
      return { sessionId, localAddress: transport instanceof RtpUdpTransport ? transport.localAddress : null, ssrc: core.ssrc, devices: deviceNames(devices) };
    } catch (error) {
      sink?.close?.();
      source?.close?.();
      await closeDevices(devices);
      await transport.close();
      throw error;
    }
  }

  async #createSource(spec: AudioSourceSpec, listeners: DeviceStreamListeners, devices: SessionDevices): Promise<AudioSource> {
    switch (spec.kind) {
      case 'silence':
        return new SilenceSource();
      case 'tone':
        return new ToneSource(spec.frequencyHz, spec.level);
      case 'wav':
        return WavFileSource.open(spec.path, { loop: spec.loop === true });
      case 'echo':
        throw new MediaSessionError('MEDIA_BAD_CONFIG', 'an echo source is made with its session');
      case 'conference':
        throw new MediaSessionError('MEDIA_BAD_REQUEST', 'a conference source is made with its session');
      case 'device': {
        const source = await this.#devices.openSource(spec.name, listeners);
        devices.input = source;
        return source;
      }
    }
  }

  async #createSink(spec: AudioSinkSpec, listeners: DeviceStreamListeners, devices: SessionDevices): Promise<AudioSink> {
    switch (spec.kind) {
      case 'null':
        return new NullSink();
      case 'wav':
        return new WavFileRecorder(spec.path);
      case 'echo':
        throw new MediaSessionError('MEDIA_BAD_CONFIG', 'an echo sink is made with its session');
      case 'conference':
        throw new MediaSessionError('MEDIA_BAD_REQUEST', 'a conference sink is made with its session');
      case 'device': {
        const sink = await this.#devices.openSink(spec.name, listeners);
        devices.output = sink;
        return sink;
      }
    }
  }

  /** A session's device events, held until its `createSession` answer is out (see `deviceOpened`). */
  #deviceAnnouncer(sessionId: string): { readonly listeners: DeviceStreamListeners; readonly release: () => void } {
    let held: Array<() => void> | undefined = [];
    const announce = (post: () => void): void => void (held ? held.push(post) : post());
    return {
      listeners: {
        deviceOpened: (event) => announce(() => this.#event('deviceOpened', { sessionId, ...event })),
        deviceFellBack: (event) => announce(() => this.#event('deviceFellBack', { sessionId, ...event })),
      },
      release: () => {
        const queued = held ?? [];
        held = undefined;
        for (const post of queued) post();
      },
    };
  }

  #wire(session: WorkerSession): void {
    const sessionId = session.id;
    session.core.on('dtmfReceived', (digit) => this.#event('dtmfReceived', { sessionId, ...digit }));
    session.core.on('levels', (levels) => this.#event('levels', { sessionId, ...levels }));
    session.core.on('byeReceived', () => this.#event('byeReceived', { sessionId }));
    session.core.on('sourceEnded', ({ atMs }) => {
      session.sourceEndedAtMs = atMs;
      this.#event('sourceEnded', { sessionId });
    });
    session.transport.on('datagram', ({ bytes }) => session.core.receive(bytes, this.#clock.now()));
    session.transport.on('transportError', (error) => this.#event('failed', { sessionId, code: error.code, message: error.message }));
  }

  #start(session: WorkerSession, remote: { address: string; port: number } | undefined): null {
    if (session.started) throw new MediaSessionError('MEDIA_BAD_STATE', `session ${session.id} is already started`);
    const { transport } = session;
    if (transport instanceof RtpUdpTransport) {
      if (remote) transport.setRemote(remote);
      if (!transport.remote) throw new MediaSessionError('MEDIA_BAD_STATE', `session ${session.id} has no remote address to send to`);
    }
    session.started = true;
    this.#frameClock.start();
    return null;
  }

  /** A conference member's session: its source and sink are its port on the worker's shard of the conference. */
  #conferencePort(options: SessionOptions): ConferenceMemberPort | undefined {
    const { source, sink } = options;
    if (source.kind !== 'conference' && sink.kind !== 'conference') return undefined;
    if (source.kind !== 'conference' || sink.kind !== 'conference' || source.conferenceId !== sink.conferenceId || source.memberId !== sink.memberId) {
      throw new MediaSessionError('MEDIA_BAD_REQUEST', 'a conference member session has a `conference` source and sink, of the same member');
    }
    return this.#conferences.joinSession(source.conferenceId, source.memberId, { encodingName: options.codec.encodingName, opus: options.opus });
  }

  /** A member without RTP (a bot playing a file): its source and sink are read and written by the shard. */
  async #addConferenceMember(conferenceId: string, memberId: string, sourceSpec: AudioSourceSpec, sinkSpec: AudioSinkSpec): Promise<null> {
    const shard = this.#conferences.shard(conferenceId);
    if (shard.has(memberId)) throw new MediaSessionError('MEDIA_BAD_REQUEST', `${memberId} is already a member of conference ${conferenceId} on this worker`);
    const unsupported = ['device', 'echo', 'conference'];
    if (unsupported.includes(sourceSpec.kind) || unsupported.includes(sinkSpec.kind)) {
      throw new MediaSessionError('MEDIA_BAD_REQUEST', `a conference member without a session plays a file, a tone or silence (not ${sourceSpec.kind}/${sinkSpec.kind}); devices join through a session`);
    }
    const noDevices = { deviceOpened: () => undefined, deviceFellBack: () => undefined };
    const source = await this.#createSource(sourceSpec, noDevices, {});
    try {
      const sink = await this.#createSink(sinkSpec, noDevices, {});
      shard.joinLocal(memberId, source, sink);
    } catch (error) {
      source.close?.();
      throw error;
    }
    return null;
  }

  #tick(nowMs: number): void {
    const startedMs = this.#clock.now();
    if (this.#conferences.size > 0) this.#mixConferences(nowMs);
    this.#tickSessions(nowMs);
    this.#timings.record(startedMs - nowMs, this.#clock.now() - startedMs);
  }

  /**
   * Conference members' sessions play first, then each conference mixes, then every session
   * sends (`#tickSessions`): a member's frame reaches the others' mix-minus in the same tick.
   */
  #mixConferences(nowMs: number): void {
    for (const session of this.#sessions.values()) {
      if (!session.started || session.options.sink.kind !== 'conference') continue;
      try {
        session.core.play(nowMs);
      } catch (error) {
        this.#event('failed', { sessionId: session.id, ...errorValue(error) });
        this.#closeQuietly(session, 'failed');
      }
    }
    this.#conferences.step(this.#frameClock.gridTick(nowMs) ?? 0);
  }

  #stopClockWhenIdle(): void {
    if (this.#conferences.size === 0 && ![...this.#sessions.values()].some((other) => other.started)) this.#frameClock.stop();
  }

  #tickSessions(nowMs: number): void {
    for (const session of this.#sessions.values()) {
      if (!session.started) continue;
      try {
        for (const datagram of session.core.tick(nowMs)) session.transport.send(datagram);
      } catch (error) {
        const value = errorValue(error);
        this.#event('failed', { sessionId: session.id, ...value });
        this.#closeQuietly(session, 'failed');
        continue;
      }
      this.#periodic(session, nowMs);
    }
  }

  #periodic(session: WorkerSession, nowMs: number): void {
    const interval = session.options.statisticsIntervalMs ?? 1000;
    session.lastStatisticsMs ??= nowMs;
    if (interval > 0 && nowMs - session.lastStatisticsMs >= interval) {
      session.lastStatisticsMs = nowMs;
      this.#event('statistics', { sessionId: session.id, statistics: session.core.statistics() });
    }
    const linger = session.options.closeAfterSourceEndedMs;
    if (linger !== undefined && session.sourceEndedAtMs !== undefined && nowMs - session.sourceEndedAtMs >= linger) {
      this.#closeQuietly(session, 'sourceEnded');
    }
  }

  /** A close nobody awaits: its failure (a recording that cannot be finished) is an event, not a crash. */
  #closeQuietly(session: WorkerSession, reason: SessionClosedReason): void {
    this.#close(session, reason).catch((error: unknown) => this.#event('failed', { sessionId: session.id, ...errorValue(error) }));
  }

  /** Closes the parent and its children: BYE sent, codecs freed, recording patched, socket closed. */
  async #close(session: WorkerSession, reason: SessionClosedReason): Promise<CallStatistics> {
    this.#sessions.delete(session.id);
    this.#stopClockWhenIdle();
    const statistics = session.core.statistics();
    try {
      for (const datagram of session.core.close(this.#clock.now())) session.transport.send(datagram);
    } finally {
      await session.transport.close();
      await closeDevices(session.devices);
    }
    session.core.removeAllListeners();
    session.transport.removeAllListeners();
    this.#event('sessionClosed', { sessionId: session.id, reason, statistics });
    return statistics;
  }

  #session(sessionId: string): WorkerSession {
    const session = this.#sessions.get(sessionId);
    if (!session) throw new MediaSessionError('MEDIA_UNKNOWN_SESSION', `no session ${sessionId}`);
    return session;
  }

  #event<E extends MediaWorkerEventName>(name: E, payload: MediaWorkerEvents[E]): void {
    this.#post({ type: 'event', name, payload } as MediaWorkerMessage);
  }
}

/** Moves a session's microphone or loudspeaker to another device (null: the default); only a side that is a sound card can. */
function switchDevice(session: WorkerSession, direction: AudioDirection, name: string | null): Promise<DeviceSwitchOutcome> {
  const device = session.devices[direction];
  if (!device) {
    const side = direction === 'input' ? 'microphone' : 'loudspeaker';
    return Promise.reject(new MediaSessionError('MEDIA_NOT_A_DEVICE', `session ${session.id} has no ${side} to switch: its ${direction === 'input' ? 'source' : 'sink'} is ${session.options[direction === 'input' ? 'source' : 'sink'].kind}`));
  }
  return device.switchTo(name ?? undefined);
}

function deviceNames(devices: SessionDevices): Partial<Record<AudioDirection, string>> {
  const names: Partial<Record<AudioDirection, string>> = {};
  for (const direction of ['input', 'output'] as const) {
    const name = devices[direction]?.deviceName;
    if (name !== undefined) names[direction] = name;
  }
  return names;
}

async function closeDevices(devices: SessionDevices): Promise<void> {
  await Promise.all(Object.values(devices).map((device) => device.closed()));
}

/** The echo sink is the session's echo source: one line, heard in and played back. */
function echoSink(line: EchoDelayLine | undefined): AudioSink {
  if (!line) throw new MediaSessionError('MEDIA_BAD_CONFIG', 'an echo sink needs an echo source in the same session');
  return line;
}

function errorValue(error: unknown): MediaWorkerErrorValue {
  if (isMediaSessionError(error)) return { code: error.code, message: error.message };
  if (isMediaCodecError(error)) return { code: 'MEDIA_BAD_CONFIG', message: error.message };
  return { code: 'MEDIA_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
