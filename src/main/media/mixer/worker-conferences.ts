import type { CodecGroupSpec } from './shared-encode.js';
import { MediaSessionError } from '../session/media-session-error.js';
import type { AudioSink, AudioSource } from '../session/audio-io.js';
import { ConferenceBoard } from './conference-board.js';
import type { ConferenceMemberPort } from './conference-member-port.js';
import type { MixMode } from './conference-mix.js';
import { ConferenceShard } from './conference-shard.js';

export interface OpenConferenceParams {
  readonly conferenceId: string;
  readonly shard: number;
  readonly shards: number;
  readonly mode: MixMode;
  readonly maxSpeakers: number;
  readonly maxCandidates: number;
  readonly board: SharedArrayBuffer;
}

export interface WorkerConferencesListeners {
  readonly speaking: (conferenceId: string, memberIds: readonly string[]) => void;
  readonly memberLeft: (conferenceId: string, memberId: string) => void;
  /** A shard's step threw (a fault): it is closed, the worker and its other conferences go on. */
  readonly failed: (conferenceId: string, message: string) => void;
}

/**
 * The conference shards of one media worker, by conference id: what the worker's requests
 * reach, and what its 20 ms clock steps. An unknown conference is `MEDIA_BAD_REQUEST`.
 */
export class WorkerConferences {
  readonly #shards = new Map<string, ConferenceShard>();
  readonly #listeners: WorkerConferencesListeners;

  constructor(listeners: WorkerConferencesListeners) {
    this.#listeners = listeners;
  }

  get size(): number {
    return this.#shards.size;
  }

  open(params: OpenConferenceParams): void {
    const { conferenceId } = params;
    if (this.#shards.has(conferenceId)) throw new MediaSessionError('MEDIA_BAD_REQUEST', `conference ${conferenceId} is already open on this worker`);
    if (params.shard >= params.shards) throw new MediaSessionError('MEDIA_BAD_REQUEST', `shard ${params.shard} of ${params.shards}`);
    let board: ConferenceBoard;
    try {
      board = new ConferenceBoard(params.board, params.shards, params.maxCandidates);
    } catch (error) {
      throw new MediaSessionError('MEDIA_BAD_REQUEST', error instanceof Error ? error.message : String(error));
    }
    this.#shards.set(
      conferenceId,
      new ConferenceShard({
        conferenceId,
        shard: params.shard,
        board,
        mode: params.mode,
        maxSpeakers: params.maxSpeakers,
        onSpeaking: (memberIds) => this.#listeners.speaking(conferenceId, memberIds),
        onMemberLeft: (memberId) => this.#listeners.memberLeft(conferenceId, memberId),
      }),
    );
  }

  close(conferenceId: string): void {
    this.shard(conferenceId).close();
    this.#shards.delete(conferenceId);
  }

  closeAll(): void {
    for (const shard of this.#shards.values()) shard.close();
    this.#shards.clear();
  }

  /** The port of a member's call session (its source and sink). */
  joinSession(conferenceId: string, memberId: string, codec: CodecGroupSpec): ConferenceMemberPort {
    return this.shard(conferenceId).joinSession(memberId, codec);
  }

  joinLocal(conferenceId: string, memberId: string, source: AudioSource, sink: AudioSink): void {
    this.shard(conferenceId).joinLocal(memberId, source, sink);
  }

  shard(conferenceId: string): ConferenceShard {
    const shard = this.#shards.get(conferenceId);
    if (!shard) throw new MediaSessionError('MEDIA_BAD_REQUEST', `no conference ${conferenceId} on this worker`);
    return shard;
  }

  step(tick: number): void {
    for (const [conferenceId, shard] of this.#shards) {
      try {
        shard.step(tick);
      } catch (error) {
        this.#shards.delete(conferenceId);
        shard.close();
        this.#listeners.failed(conferenceId, error instanceof Error ? error.message : String(error));
      }
    }
  }
}
