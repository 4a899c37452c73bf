import { ENGINE_FRAME_SAMPLES } from '../session/audio-io.js';

/**
 * How the shards of one conference (the mixers of its members on different worker threads)
 * show each other their speakers: a SharedArrayBuffer with, per shard, a ring of the last
 * `RING` ticks' publications. A shard publishes its candidates (and in `full` mode its members'
 * sum) for tick n while it mixes tick n, and reads the others' publications of tick n − 1: the
 * workers tick on one grid (`FrameClock.alignTo`), so those were complete a whole tick earlier,
 * and a speaker on another shard reaches a listener exactly one tick (20 ms) later than one on
 * the same shard. No locks: each publication carries its tick as a stamp, cleared while it is
 * written (Atomics), and a reader keeps what it copied only if the stamp was the tick it wanted
 * before and after the copy (a sequence lock), so a torn read is dropped, never mixed.
 */
const RING = 4;
/** Stamp, candidate count, whether a sum follows. */
const HEADER_INTS = 3;
const WRITING = -1;

export interface BoardCandidate {
  /** The member's slot on its shard (keys are `shard:slot`). */
  readonly slot: number;
  readonly levelDb: number;
  readonly pcm?: ArrayLike<number> | undefined;
}

export interface BoardPublication {
  readonly candidates: readonly BoardCandidate[];
  readonly sum?: Float32Array | undefined;
}

export interface ReadCandidate {
  readonly slot: number;
  readonly levelDb: number;
  readonly pcm: Float32Array | undefined;
}

export interface ReadPublication {
  readonly candidates: readonly ReadCandidate[];
  readonly sum: Float32Array | undefined;
}

/** One candidate: slot, level, whether PCM follows, then the PCM. */
const CANDIDATE_WORDS = 3 + ENGINE_FRAME_SAMPLES;

export class ConferenceBoard {
  readonly shards: number;
  readonly maxCandidates: number;
  readonly #ints: Int32Array;
  readonly #floats: Float32Array;
  readonly #publicationWords: number;

  /** The buffer a conference of `shards` shards needs; each publishes at most `maxCandidates`. */
  static bytes(shards: number, maxCandidates: number): number {
    return shards * RING * ConferenceBoard.#wordsPerPublication(maxCandidates) * 4;
  }

  /** A new board, made once (on the main thread) and handed to every shard. */
  static allocate(shards: number, maxCandidates: number): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(ConferenceBoard.bytes(shards, maxCandidates));
    const ints = new Int32Array(buffer);
    const words = ConferenceBoard.#wordsPerPublication(maxCandidates);
    // A zero stamp would read as a publication of tick 0: mark every publication as absent.
    for (let publication = 0; publication < shards * RING; publication++) ints[publication * words] = WRITING;
    return buffer;
  }

  static #wordsPerPublication(maxCandidates: number): number {
    return HEADER_INTS + maxCandidates * CANDIDATE_WORDS + ENGINE_FRAME_SAMPLES;
  }

  constructor(buffer: SharedArrayBuffer, shards: number, maxCandidates: number) {
    if (buffer.byteLength < ConferenceBoard.bytes(shards, maxCandidates)) throw new RangeError('the conference board is too small for its shards');
    this.shards = shards;
    this.maxCandidates = maxCandidates;
    this.#ints = new Int32Array(buffer);
    this.#floats = new Float32Array(buffer);
    this.#publicationWords = ConferenceBoard.#wordsPerPublication(maxCandidates);
  }

  publish(shard: number, tick: number, publication: BoardPublication): void {
    const base = this.#base(shard, ((tick % RING) + RING) % RING);
    const ints = this.#ints;
    const floats = this.#floats;
    Atomics.store(ints, base, WRITING);
    const candidates = publication.candidates.slice(0, this.maxCandidates);
    ints[base + 1] = candidates.length;
    ints[base + 2] = publication.sum ? 1 : 0;
    let at = base + HEADER_INTS;
    for (const candidate of candidates) {
      ints[at] = candidate.slot;
      floats[at + 1] = candidate.levelDb;
      ints[at + 2] = candidate.pcm ? 1 : 0;
      if (candidate.pcm) floats.set(candidate.pcm, at + 3);
      at += CANDIDATE_WORDS;
    }
    if (publication.sum) floats.set(publication.sum, base + HEADER_INTS + this.maxCandidates * CANDIDATE_WORDS);
    Atomics.store(ints, base, tick);
  }

  /** The publication of `shard` for `tick`, copied out; undefined when it is not (or no longer) there. */
  read(shard: number, tick: number): ReadPublication | undefined {
    const base = this.#base(shard, ((tick % RING) + RING) % RING);
    const ints = this.#ints;
    if (Atomics.load(ints, base) !== tick) return undefined;
    const count = Math.min(ints[base + 1] as number, this.maxCandidates);
    const candidates: ReadCandidate[] = [];
    let at = base + HEADER_INTS;
    for (let i = 0; i < count; i++) {
      const pcm = ints[at + 2] === 1 ? this.#floats.slice(at + 3, at + 3 + ENGINE_FRAME_SAMPLES) : undefined;
      candidates.push({ slot: ints[at] as number, levelDb: this.#floats[at + 1] as number, pcm });
      at += CANDIDATE_WORDS;
    }
    const sumAt = base + HEADER_INTS + this.maxCandidates * CANDIDATE_WORDS;
    const sum = ints[base + 2] === 1 ? this.#floats.slice(sumAt, sumAt + ENGINE_FRAME_SAMPLES) : undefined;
    return Atomics.load(ints, base) === tick ? { candidates, sum } : undefined;
  }

  #base(shard: number, ringSlot: number): number {
    return (shard * RING + ringSlot) * this.#publicationWords;
  }
}
