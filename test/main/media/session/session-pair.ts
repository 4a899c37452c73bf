// Two MediaSessionCores wired back to back on fake time (not a test file itself): every 20 ms
// both tick, and what each sends reaches the other 1 ms later, unless the lossy path drops it.
import { MemorySink, type AudioSource } from '../../../../src/main/media/session/audio-io.js';
import { MediaSessionCore } from '../../../../src/main/media/session/media-session-core.js';
import type { MediaSessionConfig } from '../../../../src/main/media/session/media-session-config.js';
import { isRtcp } from '../../../../src/main/media/rtcp/rtcp-mux.js';
import { seededRandom } from '../../../../src/main/seeded-random.js';

export const NEGOTIATED = {
  opus: { encodingName: 'opus', payloadType: 111, clockRate: 48000 },
  PCMU: { encodingName: 'PCMU', payloadType: 0, clockRate: 8000 },
  PCMA: { encodingName: 'PCMA', payloadType: 8, clockRate: 8000 },
} as const;

export type TestCodec = keyof typeof NEGOTIATED;

export interface PairOptions {
  readonly codec: TestCodec;
  readonly aSource: AudioSource;
  readonly bSource: AudioSource;
  /** Share of A → B RTP packets dropped (seeded), RTCP untouched. */
  readonly lossAtoB?: number;
  readonly seed?: number;
  readonly config?: Partial<MediaSessionConfig>;
}

export interface SessionPair {
  readonly a: MediaSessionCore;
  readonly b: MediaSessionCore;
  /** What A's user hears (B's sound), and B's. */
  readonly aHeard: MemorySink;
  readonly bHeard: MemorySink;
  /** Runs `ms` more of fake time. */
  run(ms: number): void;
  readonly nowMs: () => number;
  /** RTP packets dropped on the A → B path so far. */
  readonly dropped: () => number;
}

export function sessionPair(options: PairOptions): SessionPair {
  const codec = NEGOTIATED[options.codec];
  const aHeard = new MemorySink();
  const bHeard = new MemorySink();
  const base = { codec, telephoneEventPayloadType: 101, ...options.config };
  const a = new MediaSessionCore({ ...base, source: options.aSource, sink: aHeard, random: seededRandom(1), cname: 'a' });
  const b = new MediaSessionCore({ ...base, source: options.bSource, sink: bHeard, random: seededRandom(2), cname: 'b' });
  const lossRandom = seededRandom(options.seed ?? 42);
  let now = 0;
  let dropped = 0;
  return {
    a,
    b,
    aHeard,
    bHeard,
    nowMs: () => now,
    dropped: () => dropped,
    run(ms) {
      const end = now + ms;
      for (; now < end; now += 20) {
        const fromA = a.tick(now);
        const fromB = b.tick(now);
        for (const datagram of fromA) {
          if (!isRtcp(datagram) && lossRandom() < (options.lossAtoB ?? 0)) dropped += 1;
          else b.receive(datagram, now + 1);
        }
        for (const datagram of fromB) a.receive(datagram, now + 1);
      }
    },
  };
}

/** The samples after the first `ms` milliseconds of a 48 kHz recording. */
export function after(samples: Int16Array, ms: number): Int16Array {
  return samples.subarray((ms * 48000) / 1000);
}
