// Drives a PlayoutBuffer with a synthetic call: a sender producing one frame every frameMs on its
// own (possibly drifting) clock, a network that delays, drops, duplicates and reorders, and our
// audio clock pulling every frameMs. Everything runs on fake time; nothing sleeps.
import { PlayoutBuffer, type PlayoutBufferOptions, type PlayoutFrame, type PlayoutStats } from '../../../../src/main/media/playout/playout-buffer.js';

export { seededRandom } from '../rtp/seeded-random.js';

export interface TraceOptions {
  /** Frames of the sender's timeline (sent or silent). */
  readonly frames: number;
  readonly clockRate?: number;
  readonly frameMs?: number;
  readonly firstSeq?: number;
  readonly firstTimestamp?: number;
  /** The sender's clock speed relative to ours (1.005 = 0.5 % fast). */
  readonly senderRate?: number;
  /** Extra network delay of frame i in ms (on top of a fixed 30 ms). */
  readonly delayMs?: (frame: number) => number;
  readonly lost?: (frame: number) => boolean;
  readonly duplicated?: (frame: number) => boolean;
  /** Silent frames the sender does not send (DTX): the timestamp moves on, the sequence number does not. */
  readonly silent?: (frame: number) => boolean;
  /** Phase of our audio clock against the sender's, in ms. */
  readonly pullPhaseMs?: number;
  readonly buffer?: Omit<PlayoutBufferOptions, 'clockRate' | 'frameMs'>;
  /** Called after every pull, to watch the buffer over time. */
  readonly onPull?: (nowMs: number, frame: PlayoutFrame, stats: PlayoutStats) => void;
}

export interface TraceResult {
  readonly frames: PlayoutFrame[];
  /** Sender frame index of each 'frame' output, in order. */
  readonly playedFrames: number[];
  readonly sentPackets: number;
  readonly stats: PlayoutStats;
  readonly buffer: PlayoutBuffer;
}

interface Arrival {
  readonly at: number;
  readonly frame: number;
  readonly seq: number;
  readonly timestamp: number;
}

export function runTrace(options: TraceOptions): TraceResult {
  const clockRate = options.clockRate ?? 48000;
  const frameMs = options.frameMs ?? 20;
  const samples = (clockRate * frameMs) / 1000;
  const senderRate = options.senderRate ?? 1;
  const buffer = new PlayoutBuffer({ clockRate, frameMs, ...options.buffer });
  const arrivals: Arrival[] = [];
  let seq = options.firstSeq ?? 1000;
  let sent = 0;
  for (let frame = 0; frame < options.frames; frame += 1) {
    if (options.silent?.(frame)) continue;
    const timestamp = ((options.firstTimestamp ?? 123_456) + frame * samples) % 0x1_0000_0000;
    const sentAt = (frame * frameMs) / senderRate;
    const packetSeq = seq;
    seq = (seq + 1) % 0x1_0000;
    sent += 1;
    if (options.lost?.(frame)) continue;
    const at = sentAt + 30 + (options.delayMs?.(frame) ?? 0);
    arrivals.push({ at, frame, seq: packetSeq, timestamp });
    if (options.duplicated?.(frame)) arrivals.push({ at: at + 1, frame, seq: packetSeq, timestamp });
  }
  arrivals.sort((a, b) => a.at - b.at);
  const frameOfSeq = new Map<number, number>();
  for (const a of arrivals) frameOfSeq.set(a.seq, a.frame);

  const frames: PlayoutFrame[] = [];
  const playedFrames: number[] = [];
  const end = (arrivals.at(-1)?.at ?? 0) + 600;
  let next = 0;
  for (let now = options.pullPhaseMs ?? 7; now < end; now += frameMs) {
    for (let a = arrivals[next]; a && a.at <= now; a = arrivals[next]) {
      buffer.push({ seq: a.seq, timestamp: a.timestamp, payload: new Uint8Array([a.frame & 0xff]), arrivalMs: a.at });
      next += 1;
    }
    const frame = buffer.pull(now);
    frames.push(frame);
    if (frame.kind === 'frame') playedFrames.push(frameOfSeq.get(frame.seq) ?? -1);
    options.onPull?.(now, frame, buffer.stats());
  }
  return { frames, playedFrames, sentPackets: sent, stats: buffer.stats(), buffer };
}

export function count(frames: readonly PlayoutFrame[], kind: PlayoutFrame['kind'], reason?: 'missing' | 'stretch'): number {
  return frames.filter((f) => f.kind === kind && (reason === undefined || (f.kind === 'lost' && f.reason === reason))).length;
}

/** True when every element is greater than the one before. */
export function strictlyIncreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v > (values[i - 1] ?? -Infinity));
}
