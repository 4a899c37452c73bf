import { ENGINE_FRAME_SAMPLES } from '../session/audio-io.js';
import { frameLevelDbov, FRAME_LEVEL_FLOOR_DBOV } from './frame-level.js';
import { accumulate, clipInto, clipMinusInto } from './soft-clip.js';
import { SpeakerSelector, SpeechLevel, type Contender, type SpeakerSelectorOptions } from './speaker-selector.js';

/**
 * `loudest`: only the selected speakers are mixed (each speaker hears the other speakers, every
 * other member hears the speakers' mix, which is encoded once). `full`: everyone is mixed and
 * each member hears everyone but themselves (the classic mix-minus, for comparison).
 */
export type MixMode = 'loudest' | 'full';
export const MIX_MODES: readonly MixMode[] = ['loudest', 'full'];

export interface ConferenceMixOptions {
  readonly mode: MixMode;
  readonly selector?: Partial<SpeakerSelectorOptions> | undefined;
}

/** One local member's decoded 20 ms frame at 48 kHz, keyed by a conference-wide key. */
export interface MemberFrame {
  readonly key: string;
  readonly pcm: Int16Array;
  /** Muted members are never mixed nor selected; they still hear the conference. */
  readonly muted: boolean;
}

/** What another shard of the conference published for a tick (see `ConferenceBoard`). */
export interface ShardContribution {
  /** Its members worth selecting, loudest first; with their PCM in `loudest` mode. */
  readonly candidates: readonly Candidate[];
  /** `full` mode: the sum of all its unmuted members. */
  readonly sum?: Float32Array | undefined;
}

export interface Candidate {
  readonly key: string;
  readonly levelDb: number;
  readonly pcm?: ArrayLike<number> | undefined;
}

export interface ConferenceMixResult {
  /** What a member hears who is not in the mix itself (a non-speaker, a muted or silent member). */
  readonly shared: Int16Array;
  /** What this local member hears: `shared` unless its own voice is in the mix (then the mix minus itself). */
  hears(key: string): Int16Array;
  /** Whether this member hears `shared`, so the one shared encode serves it. */
  hearsShared(key: string): boolean;
  readonly speakers: readonly string[];
  readonly speakersChanged: boolean;
  /** What this shard tells the others for this tick. */
  readonly publication: ShardContribution;
}

/** How many more candidates than speakers a shard publishes, so the others' selections have a choice. */
const EXTRA_CANDIDATES = 2;

/** The most candidates a shard publishes a tick (the size of its part of the board). */
export function candidatesPerShard(maxSpeakers: number): number {
  return maxSpeakers + EXTRA_CANDIDATES;
}

/**
 * One tick of a conference's mix on one shard, pure and synchronous: the local members' frames
 * and the other shards' contributions in, what each local member hears out. Mixing is exact
 * (sums of 16-bit samples in float32 are whole numbers up to 512 full-scale voices) and clipped
 * only at the end (`soft-clip.ts`); nobody ever hears their own frame.
 */
export class ConferenceMix {
  readonly mode: MixMode;
  readonly maxSpeakers: number;
  readonly #selector: SpeakerSelector;
  readonly #levels = new Map<string, SpeechLevel>();
  readonly #mix = new Float32Array(ENGINE_FRAME_SAMPLES);
  readonly #shared = new Int16Array(ENGINE_FRAME_SAMPLES);
  /** Per-member output buffers, reused from tick to tick (the sessions read them within the tick). */
  readonly #own = new Map<string, Int16Array>();

  constructor(options: ConferenceMixOptions) {
    this.mode = options.mode;
    this.#selector = new SpeakerSelector(options.selector);
    this.maxSpeakers = this.#selector.options.maxSpeakers;
  }

  get speakers(): readonly string[] {
    return this.#selector.speakers;
  }

  /** Forgets a member that left (its level, its buffer). */
  forget(key: string): void {
    this.#levels.delete(key);
    this.#own.delete(key);
  }

  mix(frames: readonly MemberFrame[], others: readonly ShardContribution[]): ConferenceMixResult {
    const contenders: Contender[] = [];
    const locals = new Map<string, { frame: MemberFrame; levelDb: number }>();
    for (const frame of frames) {
      if (frame.muted) {
        this.#levels.delete(frame.key);
        continue;
      }
      let level = this.#levels.get(frame.key);
      if (!level) this.#levels.set(frame.key, (level = new SpeechLevel()));
      const frameDb = frameLevelDbov(frame.pcm);
      const levelDb = level.update(frameDb);
      locals.set(frame.key, { frame, levelDb: frameDb === FRAME_LEVEL_FLOOR_DBOV ? FRAME_LEVEL_FLOOR_DBOV : levelDb });
      contenders.push({ key: frame.key, levelDb });
    }
    const remote = new Map<string, Candidate>();
    for (const other of others) for (const candidate of other.candidates) remote.set(candidate.key, candidate);
    for (const candidate of remote.values()) contenders.push({ key: candidate.key, levelDb: candidate.levelDb });
    const { speakers, changed } = this.#selector.select(contenders);

    const mix = this.#mix.fill(0);
    /** Local members whose frame is in `mix`: they hear it minus themselves. */
    const inMix = new Map<string, Int16Array>();
    if (this.mode === 'loudest') {
      for (const key of speakers) {
        const local = locals.get(key);
        if (local) {
          accumulate(mix, local.frame.pcm);
          inMix.set(key, local.frame.pcm);
          continue;
        }
        const pcm = remote.get(key)?.pcm;
        if (pcm) accumulate(mix, pcm);
      }
    } else {
      for (const [key, local] of locals) {
        // A silent frame adds nothing: its member hears the shared mix (and its shared encode).
        if (local.levelDb === FRAME_LEVEL_FLOOR_DBOV) continue;
        accumulate(mix, local.frame.pcm);
        inMix.set(key, local.frame.pcm);
      }
    }
    const localSum = this.mode === 'full' ? Float32Array.from(mix) : undefined;
    if (this.mode === 'full') for (const other of others) if (other.sum) accumulate(mix, other.sum);

    const shared = clipInto(mix, this.#shared);
    for (const [key, pcm] of inMix) clipMinusInto(mix, pcm, this.#ownBuffer(key));
    return {
      shared,
      hears: (key) => (inMix.has(key) ? this.#ownBuffer(key) : shared),
      hearsShared: (key) => !inMix.has(key),
      speakers,
      speakersChanged: changed,
      publication: this.#publication(speakers, locals, localSum),
    };
  }

  #ownBuffer(key: string): Int16Array {
    let buffer = this.#own.get(key);
    if (!buffer) this.#own.set(key, (buffer = new Int16Array(ENGINE_FRAME_SAMPLES)));
    return buffer;
  }

  /** This shard's speakers first, then its loudest talkers; with PCM in `loudest` mode, with the sum in `full` mode. */
  #publication(speakers: readonly string[], locals: ReadonlyMap<string, { frame: MemberFrame; levelDb: number }>, sum: Float32Array | undefined): ShardContribution {
    const limit = candidatesPerShard(this.maxSpeakers);
    const chosen: string[] = speakers.filter((key) => locals.has(key));
    // The loudest active talkers fill the free places: a pass keeping the few best in order, not
    // a sort of every member on each 20 ms tick.
    const free = limit - chosen.length;
    const loudest: Array<{ key: string; levelDb: number }> = [];
    if (free > 0) {
      for (const key of locals.keys()) {
        const levelDb = this.#level(key);
        if (levelDb < this.#selector.options.activityDbov || chosen.includes(key)) continue;
        if (loudest.length === free && levelDb <= (loudest.at(-1)?.levelDb ?? -Infinity)) continue;
        let at = loudest.length;
        while (at > 0 && (loudest[at - 1]?.levelDb ?? Infinity) < levelDb) at -= 1;
        loudest.splice(at, 0, { key, levelDb });
        if (loudest.length > free) loudest.pop();
      }
    }
    for (const { key } of loudest) chosen.push(key);
    const withPcm = this.mode === 'loudest';
    const candidates = chosen.slice(0, limit).map((key) => ({ key, levelDb: this.#level(key), ...(withPcm ? { pcm: locals.get(key)?.frame.pcm } : {}) }));
    return { candidates, sum };
  }

  #level(key: string): number {
    return this.#levels.get(key)?.levelDb ?? FRAME_LEVEL_FLOOR_DBOV;
  }
}
