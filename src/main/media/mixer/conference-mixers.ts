import { availableParallelism } from 'node:os';
import { TypedEmitter } from '../../typed-emitter.js';
import { MediaSessionError } from '../session/media-session-error.js';
import { MediaWorkerHost } from '../worker/media-worker-host.js';
import type { AudioSinkSpec, AudioSourceSpec, MediaWorkerEvents, SessionOptions } from '../worker/media-worker-protocol.js';
import { ConferenceBoard } from './conference-board.js';
import { candidatesPerShard, type MixMode } from './conference-mix.js';
import { DEFAULT_SPEAKER_SELECTOR_OPTIONS } from './speaker-selector.js';

export interface ConferenceMixersEvents extends Record<string, unknown> {
  /** The members now speaking, in every shard (after each change). */
  speaking: { readonly conferenceId: string; readonly speaking: readonly string[] };
  /** A shard of the conference failed (its worker crashed, a fault in the mix): its members there are gone. */
  failed: { readonly conferenceId: string; readonly reason: string };
}

export interface ConferenceMixersOptions {
  /** Mixer shards (worker threads). Default os.availableParallelism(), at least 2. */
  readonly workers?: number;
  /** Makes a shard's worker; it must be a thread (the shards share memory). Default: `new MediaWorkerHost()`. */
  readonly createWorker?: () => MediaWorkerHost;
  /**
   * Where a local member's sound card opens: a media process, because naudiodon must not load in
   * a mixer thread (media-worker-channel.ts). Not closed by `closeAll` (its owner closes it).
   * Default: a media process of our own, started on first use and closed by `closeAll`.
   */
  readonly deviceWorker?: () => MediaWorkerHost;
}

export interface ConferenceOpenOptions {
  /** Voices mixed at most in `loudest` mode (default 4). */
  readonly maxSpeakers?: number;
  /** Default `loudest`. */
  readonly mode?: MixMode;
}

/** A local member whose sound card is in the device worker: two relayed sessions, one each side. */
interface Bridge {
  readonly sessionId: string;
  readonly devices: MediaWorkerHost;
  readonly unlink: () => void;
}

interface Conference {
  readonly id: string;
  /** Every member's shard, by member id. */
  readonly members: Map<string, number>;
  /** Members added with `addLocalMember` (undefined: no bridge, the shard plays its file itself). */
  readonly local: Map<string, Bridge | undefined>;
  readonly speakingByShard: (readonly string[])[];
  speaking: readonly string[];
}

/** The SDP codec of a bridge between a sound card and its mixer (both ends are ours). */
const BRIDGE_CODEC = { encodingName: 'opus', payloadType: 111, clockRate: 48000 } as const;

/**
 * The conference mixers of a focus, sharded over worker threads so that every core mixes
 * (DESIGN.md, "Media"). A conference is open on every shard; each member is placed on the
 * least loaded shard when it joins (`member`), and its call session is created there with the
 * `conference` source and sink. The shards share a board (`ConferenceBoard`) through which each
 * tick's speakers reach the members on the other shards one tick later: all shards tick on one
 * grid (`gridOriginMs`, the same instant in every thread's `performance` time). Speaking
 * indicators are the union of every shard's own speakers.
 */
export class ConferenceMixers extends TypedEmitter<ConferenceMixersEvents> {
  readonly #shardCount: number;
  readonly #createWorker: () => MediaWorkerHost;
  readonly #deviceWorkerOption: (() => MediaWorkerHost) | undefined;
  /** The tick grid's origin, as `performance.timeOrigin + performance.now()` (the same in every thread). */
  readonly #gridOriginMs = performance.timeOrigin + performance.now();
  readonly #conferences = new Map<string, Conference>();
  #hosts: MediaWorkerHost[] | undefined;
  /** Members on each shard, over all conferences: the next one goes to the least loaded. */
  #load: number[] = [];
  #ownDeviceWorker: MediaWorkerHost | undefined;
  #bridges = 0;

  constructor(options: ConferenceMixersOptions = {}) {
    super();
    const workers = options.workers ?? Math.max(2, availableParallelism());
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new MediaSessionError('MEDIA_BAD_CONFIG', `${workers} mixer workers (1 to 64)`);
    this.#shardCount = workers;
    this.#createWorker = options.createWorker ?? (() => new MediaWorkerHost());
    this.#deviceWorkerOption = options.deviceWorker;
  }

  /** The shards' workers (started by the first `open`): for diagnostics and the bench. */
  get workers(): readonly MediaWorkerHost[] {
    return this.#hosts ?? [];
  }

  async open(conferenceId: string, options: { maxSpeakers?: number; mode?: 'loudest' | 'full' } = {}): Promise<void> {
    if (this.#conferences.has(conferenceId)) throw new MediaSessionError('MEDIA_BAD_REQUEST', `conference ${conferenceId} is already open`);
    const maxSpeakers = options.maxSpeakers ?? DEFAULT_SPEAKER_SELECTOR_OPTIONS.maxSpeakers;
    const mode = options.mode ?? 'loudest';
    if (!Number.isInteger(maxSpeakers) || maxSpeakers < 1 || maxSpeakers > 16) throw new MediaSessionError('MEDIA_BAD_REQUEST', `${maxSpeakers} speakers (1 to 16)`);
    const hosts = this.#startedHosts();
    const maxCandidates = candidatesPerShard(maxSpeakers);
    const board = ConferenceBoard.allocate(hosts.length, maxCandidates);
    // Recorded before the workers answer: requests to one worker arrive in order, so a member
    // session created right after `open` is called reaches a shard that has the conference.
    const conference: Conference = { id: conferenceId, members: new Map(), local: new Map(), speakingByShard: hosts.map(() => []), speaking: [] };
    this.#conferences.set(conferenceId, conference);
    const params = { conferenceId, shards: hosts.length, mode, maxSpeakers, maxCandidates, board, gridOriginMs: this.#gridOriginMs };
    const opened = await Promise.allSettled(hosts.map((host, shard) => host.request('openConference', { ...params, shard })));
    const failure = opened.find((result) => result.status === 'rejected');
    if (failure) {
      this.#conferences.delete(conferenceId);
      await Promise.allSettled(hosts.map((host) => host.request('closeConference', { conferenceId })));
      throw failure.reason;
    }
  }

  /** The worker (shard) where this member's call session must be created, and the specs its session uses. */
  member(conferenceId: string, memberId: string): { worker: MediaWorkerHost; source: AudioSourceSpec; sink: AudioSinkSpec } {
    const conference = this.#conference(conferenceId);
    const shard = this.#assign(conference, memberId);
    const spec = { kind: 'conference', conferenceId, memberId } as const;
    return { worker: this.#host(shard), source: spec, sink: spec };
  }

  /** A member without RTP: the host's own microphone/speaker (device specs), or a demo bot (wav source, null sink). */
  async addLocalMember(conferenceId: string, memberId: string, io: { source: AudioSourceSpec; sink: AudioSinkSpec }): Promise<void> {
    const conference = this.#conference(conferenceId);
    if (conference.members.has(memberId)) throw new MediaSessionError('MEDIA_BAD_REQUEST', `${memberId} is already a member of conference ${conferenceId}`);
    const shard = this.#assign(conference, memberId);
    conference.local.set(memberId, undefined);
    try {
      if (io.source.kind === 'device' || io.sink.kind === 'device') {
        conference.local.set(memberId, await this.#bridge(conferenceId, memberId, this.#host(shard), io));
      } else {
        await this.#host(shard).request('addConferenceMember', { conferenceId, memberId, source: io.source, sink: io.sink });
      }
    } catch (error) {
      conference.local.delete(memberId);
      this.#unassign(conference, memberId);
      throw error;
    }
  }

  async removeLocalMember(conferenceId: string, memberId: string): Promise<void> {
    const conference = this.#conference(conferenceId);
    const shard = conference.members.get(memberId);
    if (shard === undefined || !conference.local.has(memberId)) throw new MediaSessionError('MEDIA_BAD_REQUEST', `${memberId} is not a local member of conference ${conferenceId}`);
    const bridge = conference.local.get(memberId);
    conference.local.delete(memberId);
    this.#unassign(conference, memberId);
    if (bridge) await this.#unbridge(bridge, this.#host(shard));
    else await this.#host(shard).request('removeConferenceMember', { conferenceId, memberId });
  }

  /** Takes a member's voice out of everyone's mix (it still hears the conference), or puts it back. */
  async setMuted(conferenceId: string, memberId: string, muted: boolean): Promise<void> {
    const conference = this.#conference(conferenceId);
    const shard = conference.members.get(memberId);
    if (shard === undefined) throw new MediaSessionError('MEDIA_BAD_REQUEST', `${memberId} is not a member of conference ${conferenceId}`);
    await this.#host(shard).request('setConferenceMemberMuted', { conferenceId, memberId, muted });
  }

  /** Ends the mix: local members leave; members' sessions stay (their calls end elsewhere) but hear silence. */
  async close(conferenceId: string): Promise<void> {
    const conference = this.#conferences.get(conferenceId);
    if (!conference) return;
    this.#conferences.delete(conferenceId);
    const hosts = this.#hosts ?? [];
    for (const [memberId, shard] of conference.members) {
      const bridge = conference.local.get(memberId);
      this.#load[shard] = Math.max(0, (this.#load[shard] ?? 0) - 1);
      if (bridge) await this.#unbridge(bridge, this.#host(shard));
    }
    await Promise.allSettled(hosts.map((host) => host.request('closeConference', { conferenceId })));
  }

  /** Closes every conference and ends the workers. */
  async closeAll(): Promise<void> {
    for (const conferenceId of [...this.#conferences.keys()]) await this.close(conferenceId);
    const hosts = this.#hosts ?? [];
    this.#hosts = undefined;
    this.#load = [];
    await Promise.allSettled([...hosts.map((host) => host.close()), this.#ownDeviceWorker?.close()]);
    this.#ownDeviceWorker = undefined;
    for (const host of hosts) host.removeAllListeners();
  }

  #startedHosts(): MediaWorkerHost[] {
    if (this.#hosts) return this.#hosts;
    const hosts: MediaWorkerHost[] = [];
    for (let shard = 0; shard < this.#shardCount; shard++) {
      const host = this.#createWorker();
      if (host.isolation !== 'thread') {
        void Promise.allSettled([host, ...hosts].map((made) => made.close()));
        throw new MediaSessionError('MEDIA_BAD_CONFIG', 'conference mixers run in worker threads: their shards share memory');
      }
      this.#listen(host, shard);
      hosts.push(host);
    }
    this.#load = hosts.map(() => 0);
    return (this.#hosts = hosts);
  }

  #listen(host: MediaWorkerHost, shard: number): void {
    host.on('conferenceSpeaking', ({ conferenceId, speaking }) => this.#onSpeaking(conferenceId, shard, speaking));
    host.on('conferenceMemberLeft', ({ conferenceId, memberId }) => {
      const conference = this.#conferences.get(conferenceId);
      if (conference && conference.members.get(memberId) === shard && !conference.local.has(memberId)) this.#unassign(conference, memberId);
    });
    host.on('conferenceFailed', ({ conferenceId, message }) => this.#onShardFailed(conferenceId, shard, message));
    host.on('failed', (event: MediaWorkerEvents['failed']) => {
      if (event.sessionId !== undefined) return;
      for (const conferenceId of this.#conferences.keys()) this.#onShardFailed(conferenceId, shard, `mixer worker ${shard}: ${event.message}`);
    });
  }

  #onSpeaking(conferenceId: string, shard: number, speaking: readonly string[]): void {
    const conference = this.#conferences.get(conferenceId);
    if (!conference) return;
    conference.speakingByShard[shard] = speaking;
    const union = conference.speakingByShard.flat();
    if (union.length === conference.speaking.length && union.every((id, i) => id === conference.speaking[i])) return;
    conference.speaking = union;
    this.emit('speaking', { conferenceId, speaking: union });
  }

  #onShardFailed(conferenceId: string, shard: number, reason: string): void {
    const conference = this.#conferences.get(conferenceId);
    if (!conference) return;
    for (const [memberId, memberShard] of conference.members) if (memberShard === shard) this.#unassign(conference, memberId);
    this.#onSpeaking(conferenceId, shard, []);
    this.emit('failed', { conferenceId, reason });
  }

  #conference(conferenceId: string): Conference {
    const conference = this.#conferences.get(conferenceId);
    if (!conference) throw new MediaSessionError('MEDIA_BAD_REQUEST', `no conference ${conferenceId} is open`);
    return conference;
  }

  /** The member's shard: where it already is, or the least loaded one. */
  #assign(conference: Conference, memberId: string): number {
    const known = conference.members.get(memberId);
    if (known !== undefined) return known;
    const load = this.#load;
    let shard = 0;
    for (let candidate = 1; candidate < load.length; candidate++) if ((load[candidate] ?? 0) < (load[shard] ?? 0)) shard = candidate;
    load[shard] = (load[shard] ?? 0) + 1;
    conference.members.set(memberId, shard);
    return shard;
  }

  #unassign(conference: Conference, memberId: string): void {
    const shard = conference.members.get(memberId);
    if (shard === undefined) return;
    conference.members.delete(memberId);
    this.#load[shard] = Math.max(0, (this.#load[shard] ?? 0) - 1);
  }

  #host(shard: number): MediaWorkerHost {
    const host = this.#hosts?.[shard];
    if (!host) throw new MediaSessionError('MEDIA_WORKER_CLOSED', 'the conference mixers are closed');
    return host;
  }

  /**
   * A local member with a sound card: a session in the device worker (the card) and one in the
   * mixer (the member), relayed to each other through this thread like a call's datagrams.
   */
  async #bridge(conferenceId: string, memberId: string, mixer: MediaWorkerHost, io: { source: AudioSourceSpec; sink: AudioSinkSpec }): Promise<Bridge> {
    const devices = this.#deviceWorker();
    const sessionId = `conference-local-${++this.#bridges}`;
    const offMixer = mixer.onDatagramOut(sessionId, (bytes) => devices.deliverDatagram(sessionId, bytes));
    const offDevices = devices.onDatagramOut(sessionId, (bytes) => mixer.deliverDatagram(sessionId, bytes));
    const bridge: Bridge = { sessionId, devices, unlink: () => (offMixer(), offDevices()) };
    const common: Pick<SessionOptions, 'codec' | 'transport' | 'statisticsIntervalMs'> = { codec: BRIDGE_CODEC, transport: 'relayed', statisticsIntervalMs: 0 };
    const spec = { kind: 'conference', conferenceId, memberId } as const;
    try {
      await mixer.createSession(sessionId, { ...common, source: spec, sink: spec });
      await devices.createSession(sessionId, { ...common, source: io.source, sink: io.sink });
      await Promise.all([mixer.startSession(sessionId), devices.startSession(sessionId)]);
      return bridge;
    } catch (error) {
      await this.#unbridge(bridge, mixer);
      throw error;
    }
  }

  async #unbridge(bridge: Bridge, mixer: MediaWorkerHost): Promise<void> {
    bridge.unlink();
    await Promise.allSettled([mixer.closeSession(bridge.sessionId), bridge.devices.closeSession(bridge.sessionId)]);
  }

  #deviceWorker(): MediaWorkerHost {
    if (this.#deviceWorkerOption) return this.#deviceWorkerOption();
    return (this.#ownDeviceWorker ??= new MediaWorkerHost({ isolation: 'process' }));
  }
}
