import { RtpError } from '../rtp/rtp-error.js';
import { MAX_DROPOUT } from '../rtp/rtp-receiver-stats.js';
import { unwrapSequence, unwrapTimestamp } from '../rtp/serial-arithmetic.js';
import { AdaptiveDelay } from './adaptive-delay.js';

/** One received RTP packet as the buffer needs it; `arrivalMs` is a reading of our clock. */
export interface PlayoutPacket {
  readonly seq: number;
  readonly timestamp: number;
  readonly payload: Uint8Array;
  readonly arrivalMs: number;
}

/** What the audio clock gets for one frame. */
export type PlayoutFrame =
  | { readonly kind: 'frame'; readonly payload: Uint8Array; readonly seq: number; readonly timestamp: number }
  /** Conceal one frame: its packet is missing, or the buffer stretches to grow its delay. */
  | { readonly kind: 'lost'; readonly reason: 'missing' | 'stretch' }
  /** Nothing to play: not started yet, or a silence the sender did not send (DTX): comfort noise. */
  | { readonly kind: 'silence' };

export type PushResult = 'accepted' | 'duplicate' | 'late' | 'overflow' | 'restarted';

/** idle: no packet yet · buffering: holding the first packets until the target delay · playing. */
export type PlayoutState = 'idle' | 'buffering' | 'playing';

export interface PlayoutBufferOptions {
  /** The codec's RTP clock rate. */
  readonly clockRate: number;
  /** Duration of one frame and of one packet; 20 ms by default. */
  readonly frameMs?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly jitterFactor?: number;
  readonly releaseMs?: number;
  /** Frames concealed while the buffer is empty before it assumes the sender went silent. */
  readonly maxConcealFrames?: number;
  /** Late packets in a row, all newer than anything played, that mean the sender's timeline moved. */
  readonly resyncAfterLate?: number;
}

export interface PlayoutStats {
  readonly state: PlayoutState;
  readonly framesPlayed: number;
  /** Frames concealed because their packet was missing. */
  readonly concealed: number;
  /** Frames concealed to lengthen the delay (clock drift, rising jitter). */
  readonly stretched: number;
  /** Frames dropped to shorten the delay (in speech; silence is shortened for free). */
  readonly dropped: number;
  readonly late: number;
  readonly duplicates: number;
  readonly overflow: number;
  /** Times the buffer started over: a sequence jump or a moved timeline. */
  readonly restarts: number;
  readonly bufferedPackets: number;
  readonly currentDelayMs: number;
  readonly targetDelayMs: number;
  readonly jitterMs: number;
}

interface Entry {
  readonly seq: number; // extended
  readonly timestamp: number; // extended
  readonly packet: PlayoutPacket;
}

/** `heard`: the gap is known to be silence, because the packet after it is here. */
type Slot = { readonly kind: 'due'; readonly entry: Entry } | { readonly kind: 'missing' } | { readonly kind: 'gap'; readonly heard: boolean };
type Adjustment = 'none' | 'drop' | 'stretch';

const SILENCE: PlayoutFrame = { kind: 'silence' };
const PLAYED_MEMORY = 256; // sequence numbers remembered to tell a duplicate from a late packet

/**
 * The playout (jitter) buffer: packets in, one frame per pull of the audio clock out — a frame, an
 * explicit "lost" to conceal, or silence. Pure and synchronous: no timers, time is the `arrivalMs`
 * and `nowMs` the caller passes. Sequence numbers and timestamps are extended (wrap-free) on push.
 *
 * The playout point is a timestamp (`#playTs`) that moves one frame per pull. A slot without its
 * packet is a loss if the sequence numbers say a packet is missing there, and silence otherwise
 * (DTX: the timestamp jumps, the sequence number does not). The delay the buffer holds is kept
 * within a band around the adaptive target by dropping or stretching one frame at a time —
 * preferably in silence, where it costs nothing; this also absorbs the sender's clock drift.
 */
export class PlayoutBuffer {
  readonly clockRate: number;
  readonly frameMs: number;
  readonly samplesPerFrame: number;
  readonly #maxConcealFrames: number;
  readonly #resyncAfterLate: number;
  readonly #capacity: number;
  readonly #delay: AdaptiveDelay;
  #state: PlayoutState = 'idle';
  #entries: Entry[] = []; // sorted by extended sequence number
  #played = new Set<number>();
  #highestSeq = 0;
  #highestTs = 0;
  #playTs = 0;
  #lastPlayedSeq = 0;
  #emptyConceals = 0; // frames concealed with an empty buffer since the last frame: loss or DTX fade-out
  #speaking = false;
  #lateInARow = 0;
  #lastPullMs: number | undefined;
  #lastDelayMs = 0;
  #counts = { framesPlayed: 0, concealed: 0, stretched: 0, dropped: 0, late: 0, duplicates: 0, overflow: 0, restarts: 0 };

  constructor(options: PlayoutBufferOptions) {
    const frameMs = options.frameMs ?? 20;
    const samplesPerFrame = (options.clockRate * frameMs) / 1000;
    if (!Number.isInteger(samplesPerFrame) || samplesPerFrame <= 0) {
      throw new RtpError('RTP_BAD_CONFIG', `${frameMs} ms at ${options.clockRate} Hz is not a whole number of samples`);
    }
    const maxDelayMs = options.maxDelayMs ?? 200;
    this.clockRate = options.clockRate;
    this.frameMs = frameMs;
    this.samplesPerFrame = samplesPerFrame;
    this.#maxConcealFrames = options.maxConcealFrames ?? 5;
    this.#resyncAfterLate = options.resyncAfterLate ?? 4;
    this.#capacity = Math.ceil((2 * maxDelayMs) / frameMs) + 10;
    this.#delay = new AdaptiveDelay({
      frameMs,
      minDelayMs: options.minDelayMs ?? 20,
      maxDelayMs,
      jitterFactor: options.jitterFactor ?? 3,
      releaseMs: options.releaseMs ?? 10_000,
    });
  }

  get state(): PlayoutState {
    return this.#state;
  }

  push(packet: PlayoutPacket): PushResult {
    if (this.#state === 'idle') return this.#start(packet, false);
    const seq = unwrapSequence(this.#highestSeq, packet.seq);
    const timestamp = unwrapTimestamp(this.#highestTs, packet.timestamp);
    if (Math.abs(seq - this.#highestSeq) > MAX_DROPOUT) return this.#start(packet, true);
    if (this.#played.has(seq) || this.#entries.some((e) => e.seq === seq)) {
      this.#counts.duplicates += 1;
      return 'duplicate';
    }
    this.#delay.observe(packet.arrivalMs, this.#mediaMs(timestamp));
    if (this.#state === 'playing' && timestamp < this.#playTs - this.samplesPerFrame / 2) {
      this.#counts.late += 1;
      this.#delay.packetWasLate();
      this.#lateInARow = seq > this.#lastPlayedSeq ? this.#lateInARow + 1 : 0;
      return this.#lateInARow >= this.#resyncAfterLate ? this.#start(packet, true) : 'late';
    }
    this.#lateInARow = 0;
    if (this.#state === 'playing' && seq === this.#lastPlayedSeq + 1) this.#uncountFadeOut();
    if (this.#entries.length >= this.#capacity) {
      this.#counts.overflow += 1;
      return 'overflow';
    }
    this.#insert({ seq, timestamp, packet });
    if (seq > this.#highestSeq) {
      this.#highestSeq = seq;
      this.#highestTs = timestamp;
    }
    return 'accepted';
  }

  /** The frame for the audio clock's tick at `nowMs` (call once per frame). */
  pull(nowMs: number): PlayoutFrame {
    if (this.#lastPullMs !== undefined) this.#delay.release(Math.min(1000, nowMs - this.#lastPullMs));
    this.#lastPullMs = nowMs;
    if (this.#state === 'idle') return SILENCE;
    if (this.#state === 'buffering' && !this.#tryStartPlaying(nowMs)) return SILENCE;
    this.#lastDelayMs = this.#delay.delayMs(nowMs, this.#mediaMs(this.#playTs)) ?? 0;
    return this.#playSlot(this.#adjustment(this.#lastDelayMs));
  }

  /** Forgets everything but the counters (a new SSRC, a re-INVITE that restarts media). */
  reset(): void {
    this.#state = 'idle';
    this.#entries = [];
    this.#played.clear();
    this.#speaking = false;
    this.#emptyConceals = 0;
    this.#delay.rebase();
  }

  /** Counters, and the delay the last pulled frame had waited (0 until playing). */
  stats(): PlayoutStats {
    return {
      state: this.#state,
      ...this.#counts,
      bufferedPackets: this.#entries.length,
      currentDelayMs: this.#state === 'playing' ? Math.max(0, this.#lastDelayMs) : 0,
      targetDelayMs: this.#delay.targetMs,
      jitterMs: this.#delay.jitterMs,
    };
  }

  #start(packet: PlayoutPacket, restart: boolean): PushResult {
    if (restart) this.#counts.restarts += 1;
    this.reset();
    this.#state = 'buffering';
    this.#highestSeq = packet.seq;
    this.#highestTs = packet.timestamp;
    this.#lateInARow = 0;
    this.#delay.observe(packet.arrivalMs, this.#mediaMs(packet.timestamp));
    this.#insert({ seq: packet.seq, timestamp: packet.timestamp, packet });
    return restart ? 'restarted' : 'accepted';
  }

  /** Starts once the earliest packet has waited the target delay (less a quarter frame, the tick's phase). */
  #tryStartPlaying(nowMs: number): boolean {
    const head = this.#entries[0];
    if (!head) return false;
    const delay = this.#delay.delayMs(nowMs, this.#mediaMs(head.timestamp)) ?? 0;
    if (delay < this.#delay.targetMs - this.frameMs / 4) return false;
    this.#state = 'playing';
    this.#playTs = head.timestamp;
    this.#lastPlayedSeq = head.seq - 1;
    this.#emptyConceals = 0;
    return true;
  }

  /** Keep the delay within [target − ½ frame, target + ¾ frame]: wider than the frame a step moves it. */
  #adjustment(delay: number): Adjustment {
    const target = this.#delay.targetMs;
    if (delay > target + (3 * this.frameMs) / 4) return 'drop';
    if (delay < target - this.frameMs / 2) return 'stretch';
    return 'none';
  }

  #playSlot(adjustment: Adjustment): PlayoutFrame {
    const slot = this.#classify();
    if (slot.kind === 'due') {
      // Dropping in speech loses a frame, so only when the next one is already here.
      if (adjustment === 'drop' && this.#entries.length >= 2) {
        this.#counts.dropped += 1;
        this.#consume(slot.entry);
        return this.#playSlot('none');
      }
      if (adjustment === 'stretch') {
        this.#counts.stretched += 1;
        return { kind: 'lost', reason: 'stretch' };
      }
      this.#consume(slot.entry);
      this.#counts.framesPlayed += 1;
      this.#speaking = true;
      this.#emptyConceals = 0;
      const { payload, seq, timestamp } = slot.entry.packet;
      return { kind: 'frame', payload, seq, timestamp };
    }
    if (slot.kind === 'missing') {
      if (adjustment === 'stretch') {
        this.#counts.stretched += 1;
        return { kind: 'lost', reason: 'stretch' };
      }
      this.#playTs += this.samplesPerFrame;
      if (adjustment === 'drop') return this.#playSlot('none'); // skipping a lost frame costs nothing
      this.#counts.concealed += 1;
      if (this.#entries.length === 0) this.#emptyConceals += 1;
      return { kind: 'lost', reason: 'missing' };
    }
    this.#speaking = false;
    if (slot.heard) this.#uncountFadeOut();
    if (adjustment === 'stretch') return SILENCE;
    this.#playTs += adjustment === 'drop' ? this.#silentSlotsToSkip() * this.samplesPerFrame : this.samplesPerFrame;
    return SILENCE;
  }

  #classify(): Slot {
    const head = this.#entries[0];
    const half = this.samplesPerFrame / 2;
    if (head && head.timestamp <= this.#playTs + half) return { kind: 'due', entry: head };
    if (head) {
      // Missing packets sit just before the head (a talkspurt is contiguous); earlier slots are
      // silence the sender did not send. In unbroken speech this conceals exactly the missing ones.
      const missing = head.seq - this.#lastPlayedSeq - 1;
      const slotsBeforeHead = Math.round((head.timestamp - this.#playTs) / this.samplesPerFrame);
      return missing >= slotsBeforeHead ? { kind: 'missing' } : { kind: 'gap', heard: true };
    }
    // Nothing buffered: more speech was expected, or the sender went quiet. Conceal a few frames.
    return this.#speaking && this.#emptyConceals < this.#maxConcealFrames ? { kind: 'missing' } : { kind: 'gap', heard: false };
  }

  #consume(entry: Entry): void {
    this.#entries.shift();
    this.#played.add(entry.seq);
    this.#played.delete(entry.seq - PLAYED_MEMORY);
    this.#lastPlayedSeq = entry.seq;
    this.#playTs = entry.timestamp + this.samplesPerFrame;
  }

  /** In silence the delay can shrink at once: skip what is above the target, but not past the next packet. */
  #silentSlotsToSkip(): number {
    let slots = 1 + Math.max(1, Math.floor((this.#lastDelayMs - this.#delay.targetMs) / this.frameMs));
    const head = this.#entries[0];
    if (head) slots = Math.min(slots, Math.max(1, Math.floor((head.timestamp - this.#playTs) / this.samplesPerFrame)));
    return slots;
  }

  /** The frames concealed into an empty buffer were the sender going quiet (DTX), not loss. */
  #uncountFadeOut(): void {
    this.#counts.concealed -= this.#emptyConceals;
    this.#emptyConceals = 0;
  }

  #insert(entry: Entry): void {
    let index = this.#entries.length;
    while (index > 0 && (this.#entries[index - 1]?.seq ?? 0) > entry.seq) index -= 1;
    this.#entries.splice(index, 0, entry);
  }

  #mediaMs(extendedTimestamp: number): number {
    return (extendedTimestamp * 1000) / this.clockRate;
  }
}
