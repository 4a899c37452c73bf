import { extname } from 'node:path';
import type { MediaWorkerHost, SessionOptions } from '../media/index.js';

/** Where a call's microphone comes from and where what the user hears goes. */
export type CallAudioSource = SessionOptions['source'];
export type CallAudioSink = SessionOptions['sink'];

export interface CallAudioPlan {
  readonly source: CallAudioSource;
  readonly sink: CallAudioSink;
  /** Hang up when a WAV source has played to its end (`parley call --play` without `--duration`). */
  readonly endCallWhenSourceEnds: boolean;
  /**
   * Where the call's media session runs, when not on the endpoint's shared worker: a conference
   * member's call runs on the mixer worker (shard) that mixes for that member (conference/).
   */
  readonly mediaWorker?: MediaWorkerHost | undefined;
}

/** What the policy knows when it plans a call's audio. */
export interface CallAudioRequest {
  readonly callId: string;
  readonly direction: 'incoming' | 'outgoing';
  /** 1 for the first call the endpoint carries, then 2, 3… */
  readonly ordinal: number;
}

/**
 * Chooses each call's audio. The seam for audio devices: until they exist (the devices work in
 * `src/main/media/devices/`), a call without files sends silence and plays to nowhere; a device
 * policy will return device sources and sinks here, and nothing else in the call layer changes.
 */
export type CallAudioPolicy = (request: CallAudioRequest) => CallAudioPlan;

export const SILENT_CALL_AUDIO: CallAudioPolicy = () => ({ source: { kind: 'silence' }, sink: { kind: 'null' }, endCallWhenSourceEnds: false });

export interface FileAudioOptions {
  /** `--play FILE.wav`: the microphone of each call. */
  readonly play?: string | undefined;
  /** `--record FILE.wav`: what the user hears. */
  readonly record?: string | undefined;
  /** Number recordings `name-1.wav`, `name-2.wav`… (`parley serve`, which may answer many calls). */
  readonly numberRecordings: boolean;
  readonly endCallWhenSourceEnds: boolean;
}

/** `--play`/`--record` as a policy; what a flag leaves out stays silent. */
export function fileCallAudio(options: FileAudioOptions): CallAudioPolicy {
  return ({ ordinal }) => ({
    source: options.play !== undefined ? { kind: 'wav', path: options.play } : { kind: 'silence' },
    sink: options.record !== undefined ? { kind: 'wav', path: options.numberRecordings ? numberedPath(options.record, ordinal) : options.record } : { kind: 'null' },
    endCallWhenSourceEnds: options.endCallWhenSourceEnds && options.play !== undefined,
  });
}

/** `calls.wav` → `calls-2.wav`; a name without extension gets the number at its end. */
export function numberedPath(path: string, ordinal: number): string {
  const extension = extname(path);
  return `${path.slice(0, path.length - extension.length)}-${ordinal}${extension}`;
}

/** The files a plan plays and records, for the `established`/`ended` events. */
export function audioFiles(plan: CallAudioPlan): { play?: string; record?: string } {
  return {
    ...(plan.source.kind === 'wav' ? { play: plan.source.path } : {}),
    ...(plan.sink.kind === 'wav' ? { record: plan.sink.path } : {}),
  };
}

/** The Echo buddy's audio: every call hears itself back `delayMs` later (an echo test). */
export function echoCallAudio(delayMs: number): CallAudioPolicy {
  return () => ({ source: { kind: 'echo', delayMs }, sink: { kind: 'echo' }, endCallWhenSourceEnds: false });
}
