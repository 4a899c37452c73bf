// Mouth-to-ear latency added by two media sessions on loopback (issue 4, "Benchmarks"): session A
// plays a click train, session B records it, over real UDP sockets on 127.0.0.1 and the real
// 20 ms frame clock. Both sessions tick in the same clock callback, so sample n of A's source and
// sample n of B's recording belong to the same instant: the distance between a click and its
// copy is the latency the engine adds (packetisation, jitter buffer, codec, resampling, sockets;
// no device buffers). Also CPU per call (both ends). Median and p95 over the clicks.
// Run: npm run bench -- media-latency. Results: bench/results/media-latency.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as AudioIo from '../src/main/media/session/audio-io.js';
import type * as Core from '../src/main/media/session/media-session-core.js';
import type * as Transport from '../src/main/media/session/rtp-udp-transport.js';
import type * as Clock from '../src/main/media/worker/frame-clock.js';
import { systemClock } from '../src/main/clock.js';
import { percentile } from './bench-stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = (path: string) => join(root, 'dist/main/media', path);
const useDist = existsSync(built('session/media-session-core.js')) && existsSync(built('worker/frame-clock.js'));
const implementation = useDist ? 'dist (tsc output)' : 'src (through tsx)';
const load = async <T>(path: string): Promise<T> => (await import(useDist ? pathToFileURL(built(`${path}.js`)).href : `../src/main/media/${path}.js`)) as T;
const { MemorySink, SilenceSource } = await load<typeof AudioIo>('session/audio-io');
const { MediaSessionCore } = await load<typeof Core>('session/media-session-core');
const { RtpUdpTransport } = await load<typeof Transport>('session/rtp-udp-transport');
const { FrameClock } = await load<typeof Clock>('worker/frame-clock');

const RATE = 48000;
const SECONDS = Number(process.env['PARLEY_BENCH_SECONDS'] ?? 8);
const CLICK_EVERY = 0.25 * RATE;
const CLICK_LENGTH = 0.005 * RATE;

/** A 5 ms 2 kHz burst every 250 ms, from the start of the burst at phase 0. */
function clickTrain(): Int16Array {
  const out = new Int16Array(SECONDS * RATE);
  for (let start = CLICK_EVERY / 2; start + CLICK_LENGTH < out.length; start += CLICK_EVERY) {
    for (let n = 0; n < CLICK_LENGTH; n++) out[start + n] = Math.round(0.7 * 32767 * Math.sin((2 * Math.PI * 2000 * n) / RATE));
  }
  return out;
}

/** The first sample at or after `from` (within `span`) louder than `threshold`. */
function onset(samples: Int16Array, from: number, span: number, threshold: number): number | undefined {
  for (let n = from; n < Math.min(samples.length, from + span); n++) if (Math.abs(samples[n] ?? 0) > threshold) return n;
  return undefined;
}

interface CodecResult {
  clicks: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  /** Time the thread spent in the two sessions (tick + receive), as a share of one core. */
  cpuPercentOfOneCorePerCall: number;
  cpuMicrosecondsPerTickBothEnds: number;
  /** The whole process's CPU over the run (also background compiler and GC threads). */
  processCpuPercentOfOneCore: number;
}

async function measure(codec: { encodingName: string; payloadType: number; clockRate: number }): Promise<CodecResult> {
  const train = clickTrain();
  let position = 0;
  const source = { read: (n: number) => train.slice(position, (position += n)), get ended() { return position >= train.length; } };
  const heard = new MemorySink();
  const a = new MediaSessionCore({ codec, source, sink: new MemorySink(), random: Math.random });
  const b = new MediaSessionCore({ codec, source: new SilenceSource(), sink: heard, random: Math.random });
  const ta = await RtpUdpTransport.open({ host: '127.0.0.1' });
  const tb = await RtpUdpTransport.open({ host: '127.0.0.1' });
  ta.setRemote(tb.localAddress);
  tb.setRemote(ta.localAddress);
  // Busy time is counted after a warm-up second (JIT, the WebAssembly tier-up).
  const WARM_UP_TICKS = 50;
  let ticks = 0;
  let busyMs = 0;
  const timed = (work: () => void): void => {
    const started = performance.now();
    work();
    if (ticks >= WARM_UP_TICKS) busyMs += performance.now() - started;
  };
  ta.on('datagram', ({ bytes }) => timed(() => a.receive(bytes, systemClock.now())));
  tb.on('datagram', ({ bytes }) => timed(() => b.receive(bytes, systemClock.now())));
  const cpuBefore = process.cpuUsage();
  const wallBefore = systemClock.now();
  await new Promise<void>((resolve) => {
    const clock = new FrameClock(systemClock, 20, (due) => {
      timed(() => {
        for (const datagram of a.tick(due)) ta.send(datagram);
        for (const datagram of b.tick(due)) tb.send(datagram);
      });
      ticks += 1;
      if (ticks * 960 >= train.length) {
        clock.stop();
        resolve();
      }
    });
    clock.start();
    // The clock's timers are unref'd: the sockets keep the process alive meanwhile.
  });
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = systemClock.now() - wallBefore;
  a.close(0);
  b.close(0);
  await Promise.all([ta.close(), tb.close()]);
  const recorded = heard.samples();
  const latencies: number[] = [];
  for (let start = CLICK_EVERY / 2; start + CLICK_EVERY < train.length; start += CLICK_EVERY) {
    const sent = onset(train, start, CLICK_LENGTH, 0.2 * 32767);
    const got = sent === undefined ? undefined : onset(recorded, sent, CLICK_EVERY * 0.8, 0.2 * 32767);
    if (sent !== undefined && got !== undefined) latencies.push(((got - sent) * 1000) / RATE);
  }
  const sorted = [...latencies].sort((x, y) => x - y);
  const measuredTicks = ticks - WARM_UP_TICKS;
  return {
    clicks: sorted.length,
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    minMs: sorted[0] ?? NaN,
    maxMs: sorted[sorted.length - 1] ?? NaN,
    cpuPercentOfOneCorePerCall: (100 * busyMs) / (measuredTicks * 20),
    cpuMicrosecondsPerTickBothEnds: (1000 * busyMs) / measuredTicks,
    processCpuPercentOfOneCore: (100 * (cpu.user + cpu.system)) / 1000 / wallMs,
  };
}

const results: Record<string, CodecResult> = {};
for (const codec of [
  { encodingName: 'opus', payloadType: 111, clockRate: 48000 },
  { encodingName: 'PCMU', payloadType: 0, clockRate: 8000 },
]) {
  results[codec.encodingName] = await measure(codec);
}

console.log(`media latency, two sessions on loopback UDP, ${SECONDS} s click train each; measuring ${implementation}`);
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name}: mouth-to-ear median ${r.medianMs.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)}, ${r.clicks} clicks); ` +
      `CPU per call ${r.cpuPercentOfOneCorePerCall.toFixed(2)} % of a core, ${r.cpuMicrosecondsPerTickBothEnds.toFixed(0)} µs per 20 ms tick (both ends; ` +
      `the whole process ${r.processCpuPercentOfOneCore.toFixed(1)} %, with compiler and GC threads)`,
  );
}
const out = join(root, 'bench', 'results', 'media-latency.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), node: process.version, implementation, seconds: SECONDS, results }, null, 2) + '\n');
console.log(`written to ${out}`);
