import type { AudioSink, AudioSource } from '../../../../src/main/media/session/audio-io.js';

/**
 * Drives a source and a sink with a real 20 ms tick, the way the media worker does, and keeps
 * what the source gave. Stops after `ms`, or earlier when `until` says so.
 */
export async function runTicks(options: {
  readonly source?: AudioSource;
  readonly sink?: AudioSink;
  readonly play?: AudioSource;
  readonly ms: number;
  readonly until?: (captured: readonly Int16Array[]) => boolean;
  readonly onTick?: (tick: number) => void;
}): Promise<Int16Array[]> {
  const captured: Int16Array[] = [];
  let tick = 0;
  await new Promise<void>((resolve) => {
    const started = performance.now();
    const timer = setInterval(() => {
      if (options.sink) options.sink.write(options.play ? options.play.read(960) : new Int16Array(960));
      if (options.source) captured.push(options.source.read(960));
      options.onTick?.(tick++);
      if (performance.now() - started >= options.ms || options.until?.(captured)) {
        clearInterval(timer);
        resolve();
      }
    }, 20);
  });
  return captured;
}

export function concat(frames: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, frame) => n + frame.length, 0));
  let offset = 0;
  for (const frame of frames) {
    out.set(frame, offset);
    offset += frame.length;
  }
  return out;
}

/** Index of the first frame with sound in it. */
export function firstSound(frames: readonly Int16Array[]): number {
  return frames.findIndex((frame) => frame.some((sample) => Math.abs(sample) > 1000));
}
