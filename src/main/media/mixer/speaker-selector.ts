import { FRAME_LEVEL_FLOOR_DBOV } from './frame-level.js';

export interface SpeakerSelectorOptions {
  /** How many voices are mixed at most: four (listeners follow three or four; four members talking at once all hear each other). */
  readonly maxSpeakers: number;
  /** A smoothed level at or above this counts as talking: speech sits near −20 to −30 dBov, room noise below −50. */
  readonly activityDbov: number;
  /** A challenger must be this much louder than the quietest speaker to take its place. */
  readonly marginDb: number;
  /** A new speaker keeps its place at least this many ticks (200 ms): no flapping between two voices. */
  readonly minTenureTicks: number;
  /** A speaker who stops talking stays selected this many ticks (300 ms), over the gaps between words. */
  readonly hangoverTicks: number;
}

export const DEFAULT_SPEAKER_SELECTOR_OPTIONS: SpeakerSelectorOptions = {
  maxSpeakers: 4,
  activityDbov: -45,
  marginDb: 6,
  minTenureTicks: 10,
  hangoverTicks: 15,
};

/** A member who may be selected, with its smoothed level (`SpeechLevel`). Muted members are never contenders. */
export interface Contender {
  readonly key: string;
  readonly levelDb: number;
}

export interface SpeakerSelection {
  /** In the order they were selected. */
  readonly speakers: readonly string[];
  /** Whether the set differs from the previous tick's. */
  readonly changed: boolean;
}

interface Speaker {
  readonly since: number;
  lastActive: number;
  levelDb: number;
}

/**
 * Loudest-speaker selection with hysteresis, one call per 20 ms tick: talking members fill free
 * places loudest first; a full set changes only when a talking member is `marginDb` louder than
 * the quietest speaker who has held its place `minTenureTicks`; a speaker leaves `hangoverTicks`
 * after it last talked, or at once when it is no longer a contender (muted, gone).
 */
export class SpeakerSelector {
  readonly options: SpeakerSelectorOptions;
  readonly #speakers = new Map<string, Speaker>();
  #tick = 0;

  constructor(options: Partial<SpeakerSelectorOptions> = {}) {
    this.options = { ...DEFAULT_SPEAKER_SELECTOR_OPTIONS, ...options };
  }

  get speakers(): readonly string[] {
    return [...this.#speakers.keys()];
  }

  select(contenders: readonly Contender[]): SpeakerSelection {
    const tick = ++this.#tick;
    const { activityDbov, hangoverTicks } = this.options;
    let changed = false;
    const present = new Map<string, number>();
    for (const contender of contenders) present.set(contender.key, contender.levelDb);
    for (const [key, speaker] of this.#speakers) {
      const levelDb = present.get(key);
      if (levelDb !== undefined && levelDb >= activityDbov) speaker.lastActive = tick;
      if (levelDb === undefined || tick - speaker.lastActive > hangoverTicks) {
        this.#speakers.delete(key);
        changed = true;
      } else {
        speaker.levelDb = levelDb;
      }
    }
    const talking = contenders.filter((c) => c.levelDb >= activityDbov && !this.#speakers.has(c.key)).sort((a, b) => b.levelDb - a.levelDb);
    for (const challenger of talking) {
      if (this.#speakers.size < this.options.maxSpeakers) {
        this.#speakers.set(challenger.key, { since: tick, lastActive: tick, levelDb: challenger.levelDb });
        changed = true;
        continue;
      }
      const quietest = this.#quietestReplaceable(tick);
      if (!quietest || challenger.levelDb < quietest.levelDb + this.options.marginDb) break;
      this.#speakers.delete(quietest.key);
      this.#speakers.set(challenger.key, { since: tick, lastActive: tick, levelDb: challenger.levelDb });
      changed = true;
    }
    return { speakers: changed ? [...this.#speakers.keys()] : this.speakers, changed };
  }

  #quietestReplaceable(tick: number): { key: string; levelDb: number } | undefined {
    let quietest: { key: string; levelDb: number } | undefined;
    for (const [key, speaker] of this.#speakers) {
      if (tick - speaker.since < this.options.minTenureTicks) continue;
      if (!quietest || speaker.levelDb < quietest.levelDb) quietest = { key, levelDb: speaker.levelDb };
    }
    return quietest;
  }
}

/** How fast a falling level decays, dB per tick. */
const RELEASE_DB_PER_TICK = 2;

/**
 * A member's speech level for the selection: follows a rising level at once, so the first frame
 * of an utterance can win a free place and no syllable onset is cut off (stopping flapping is the
 * selector's tenure and margin, not a slow level); falls by 2 dB a tick (30 dB in 300 ms), so
 * the gaps between syllables do not make a talker look silent.
 */
export class SpeechLevel {
  #level = FRAME_LEVEL_FLOOR_DBOV;

  get levelDb(): number {
    return this.#level;
  }

  update(frameDb: number): number {
    this.#level = Math.max(frameDb, this.#level - RELEASE_DB_PER_TICK);
    return this.#level;
  }
}
