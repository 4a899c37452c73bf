import { ENGINE_FRAME_SAMPLES, type AudioSink, type AudioSource } from '../session/audio-io.js';
import { MediaSessionError } from '../session/media-session-error.js';
import type { ConferenceBoard, ReadPublication } from './conference-board.js';
import { ConferenceMemberPort } from './conference-member-port.js';
import { ConferenceMix, type ConferenceMixResult, type MemberFrame, type MixMode, type ShardContribution } from './conference-mix.js';
import { codecGroupKey, SharedEncode, type CodecGroupSpec } from './shared-encode.js';

export interface ConferenceShardOptions {
  readonly conferenceId: string;
  /** This shard's index on the board. */
  readonly shard: number;
  readonly board: ConferenceBoard;
  readonly mode: MixMode;
  readonly maxSpeakers: number;
  /** This shard's members among the speakers, after every change. */
  readonly onSpeaking: (memberIds: readonly string[]) => void;
  /** A member's session closed (the call ended) and it left by itself. */
  readonly onMemberLeft: (memberId: string) => void;
}

interface ShardMember {
  readonly id: string;
  readonly key: string;
  readonly slot: number;
  muted: boolean;
  /** The decoded frame its session played this tick (none yet: silence). */
  input: Int16Array | undefined;
  /** A session member's codec group, for the shared encode. */
  readonly group: SharedEncode | undefined;
  /** A member without RTP (the host's devices, a bot): read and written by the shard itself. */
  readonly local: { readonly source: AudioSource; readonly sink: AudioSink } | undefined;
}

const SILENCE = new Int16Array(ENGINE_FRAME_SAMPLES);

/**
 * One conference's mixer on one worker: the members whose sessions live here, the mix of every
 * tick (`ConferenceMix`), the exchange with the conference's other shards (`ConferenceBoard`),
 * and one shared encode per codec group. The worker calls `step(tick)` after its conference
 * sessions played their received frame and before they send, so a member on the same shard is
 * heard with no added delay.
 */
export class ConferenceShard {
  readonly conferenceId: string;
  readonly #options: ConferenceShardOptions;
  readonly #mix: ConferenceMix;
  readonly #members = new Map<string, ShardMember>();
  /** The same members by mix key (`shard:slot`), kept with #members so a tick never rebuilds it. */
  readonly #byKey = new Map<string, ShardMember>();
  readonly #groups = new Map<string, { readonly encode: SharedEncode; users: number }>();
  #nextSlot = 0;
  #tick = 0;
  #result: ConferenceMixResult | undefined;
  #speaking: readonly string[] = [];
  #closed = false;

  constructor(options: ConferenceShardOptions) {
    this.conferenceId = options.conferenceId;
    this.#options = options;
    this.#mix = new ConferenceMix({ mode: options.mode, selector: { maxSpeakers: options.maxSpeakers } });
  }

  get memberCount(): number {
    return this.#members.size;
  }

  /** Shared encodes done since the start (tests, the bench). */
  get sharedEncodes(): number {
    return [...this.#groups.values()].reduce((sum, group) => sum + group.encode.encodes, 0);
  }

  has(memberId: string): boolean {
    return this.#members.has(memberId);
  }

  /** A member whose call session runs on this worker: the port is that session's source and sink. */
  joinSession(memberId: string, codec: CodecGroupSpec): ConferenceMemberPort {
    const member = this.#add(memberId, this.#joinGroup(codec), undefined);
    return new ConferenceMemberPort({
      said: (pcm) => void (member.input = pcm),
      heard: () => (this.#result && this.#members.get(memberId) === member ? this.#result.hears(member.key) : SILENCE),
      sharedPayload: () => {
        const result = this.#result;
        if (!result || !member.group || this.#members.get(memberId) !== member) return undefined;
        return result.hearsShared(member.key) ? member.group.payload(this.#tick, result.shared) : undefined;
      },
      leave: () => {
        if (this.#members.get(memberId) !== member) return;
        this.#remove(member);
        this.#options.onMemberLeft(memberId);
      },
    });
  }

  /** A member without RTP: the shard reads its source and writes its sink every tick. */
  joinLocal(memberId: string, source: AudioSource, sink: AudioSink): void {
    this.#add(memberId, undefined, { source, sink });
  }

  /** Removes a member (a local one's source and sink are closed; a session member's port goes silent). */
  leave(memberId: string): void {
    this.#remove(this.#member(memberId));
  }

  setMuted(memberId: string, muted: boolean): void {
    this.#member(memberId).muted = muted;
  }

  /** One 20 ms tick on the workers' shared grid (`tick` counts from the grid's origin). */
  step(tick: number): void {
    if (this.#closed) return;
    const frames: MemberFrame[] = [];
    for (const member of this.#members.values()) {
      const pcm = member.local ? member.local.source.read(ENGINE_FRAME_SAMPLES) : (member.input ?? SILENCE);
      frames.push({ key: member.key, pcm, muted: member.muted });
      member.input = undefined;
    }
    const result = this.#mix.mix(frames, this.#others(tick - 1));
    this.#publish(tick, result);
    this.#tick = tick;
    this.#result = result;
    for (const member of this.#members.values()) member.local?.sink.write(result.hears(member.key));
    if (result.speakersChanged) this.#reportSpeaking(result.speakers);
  }

  /** Ends the mix: local members' sources and sinks close, session members' ports go silent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const member of [...this.#members.values()]) this.#remove(member);
  }

  #add(memberId: string, group: SharedEncode | undefined, local: ShardMember['local']): ShardMember {
    if (this.#closed) throw new MediaSessionError('MEDIA_BAD_REQUEST', `conference ${this.conferenceId} is closed`);
    if (this.#members.has(memberId)) {
      if (group) this.#leaveGroup(group);
      throw new MediaSessionError('MEDIA_BAD_REQUEST', `${memberId} is already a member of conference ${this.conferenceId} on this worker`);
    }
    const slot = this.#nextSlot++;
    const member: ShardMember = { id: memberId, key: `${this.#options.shard}:${slot}`, slot, muted: false, input: undefined, group, local };
    this.#members.set(memberId, member);
    this.#byKey.set(member.key, member);
    return member;
  }

  #remove(member: ShardMember): void {
    if (this.#members.get(member.id) !== member) return;
    this.#members.delete(member.id);
    this.#byKey.delete(member.key);
    this.#mix.forget(member.key);
    if (member.group) this.#leaveGroup(member.group);
    if (member.local) {
      try {
        member.local.source.close?.();
      } finally {
        member.local.sink.close?.();
      }
    }
  }

  #member(memberId: string): ShardMember {
    const member = this.#members.get(memberId);
    if (!member) throw new MediaSessionError('MEDIA_BAD_REQUEST', `${memberId} is not a member of conference ${this.conferenceId} on this worker`);
    return member;
  }

  #joinGroup(codec: CodecGroupSpec): SharedEncode {
    const key = codecGroupKey(codec);
    let group = this.#groups.get(key);
    if (!group) this.#groups.set(key, (group = { encode: new SharedEncode(codec), users: 0 }));
    group.users += 1;
    return group.encode;
  }

  #leaveGroup(encode: SharedEncode): void {
    const group = this.#groups.get(encode.key);
    if (!group || group.encode !== encode) return;
    group.users -= 1;
    if (group.users > 0) return;
    this.#groups.delete(encode.key);
    encode.delete();
  }

  /** The other shards' publications of the previous tick, keyed `shard:slot`. */
  #others(tick: number): ShardContribution[] {
    const others: ShardContribution[] = [];
    const { board, shard } = this.#options;
    for (let other = 0; other < board.shards; other++) {
      if (other === shard) continue;
      const publication = board.read(other, tick);
      if (publication) others.push(contribution(other, publication));
    }
    return others;
  }

  #publish(tick: number, result: ConferenceMixResult): void {
    const { board, shard } = this.#options;
    if (board.shards < 2) return;
    const candidates = result.publication.candidates.flatMap((candidate) => {
      const member = this.#byKey.get(candidate.key);
      return member === undefined ? [] : [{ slot: member.slot, levelDb: candidate.levelDb, pcm: candidate.pcm }];
    });
    board.publish(shard, tick, { candidates, sum: result.publication.sum });
  }

  #reportSpeaking(speakers: readonly string[]): void {
    const speaking = speakers.flatMap((key) => {
      const member = this.#byKey.get(key);
      return member === undefined ? [] : [member.id];
    });
    if (speaking.length === this.#speaking.length && speaking.every((id, i) => id === this.#speaking[i])) return;
    this.#speaking = speaking;
    this.#options.onSpeaking(speaking);
  }
}

function contribution(shard: number, publication: ReadPublication): ShardContribution {
  return {
    candidates: publication.candidates.map((candidate) => ({ key: `${shard}:${candidate.slot}`, levelDb: candidate.levelDb, pcm: candidate.pcm })),
    sum: publication.sum,
  };
}
