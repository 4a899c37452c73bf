// End-to-end conference latency (issue 7, "Benchmarks"), member to member through the focus:
// three member phones (media sessions on this thread) call their member sessions at a focus
// whose `ConferenceMixers` has two mixer workers, over UDP on 127.0.0.1. Phone A plays a click
// train; B and C record. The members are placed on the least loaded shard in turn, so A and C
// share a shard and B is on the other one: A → C is the same-shard path, A → B crosses the board
// between the workers (one tick more by design). The phones tick in one clock callback, so sample
// n of A's source and sample n of B's and C's recordings belong to the same instant: the distance
// between a click and its copy is the latency of both calls' legs plus the mixer (packetisation,
// two playout buffers, two decodes, the mix, two encodes; no device buffers). Compare with one
// 1:1 call, `npm run bench -- media-latency`. Median and p95 over the clicks.
// Run: npm run bench -- conference-latency. Results: bench/results/conference-latency.json.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/main/clock.js';
import { ConferenceMixers } from '../src/main/media/mixer/conference-mixers.js';
import type { MixMode } from '../src/main/media/mixer/conference-mix.js';
import { MemorySink, SilenceSource, type AudioSource } from '../src/main/media/session/audio-io.js';
import { MediaSessionCore } from '../src/main/media/session/media-session-core.js';
import { RtpUdpTransport } from '../src/main/media/session/rtp-udp-transport.js';
import { FrameClock } from '../src/main/media/worker/frame-clock.js';
import { percentile } from './bench-stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RATE = 48000;
const SECONDS = Number(process.env['PARLEY_BENCH_SECONDS'] ?? 12);
/** Half a second apart, so that a click's copy is never taken for the next one's, even with a long playout delay. */
const CLICK_EVERY = 0.5 * RATE;
const CLICK_LENGTH = 0.005 * RATE;
const OPUS = { encodingName: 'opus', payloadType: 111, clockRate: 48000 } as const;

function clickTrain(): Int16Array {
  const out = new Int16Array(SECONDS * RATE);
  for (let start = CLICK_EVERY / 2; start + CLICK_LENGTH < out.length; start += CLICK_EVERY) {
    for (let n = 0; n < CLICK_LENGTH; n++) out[start + n] = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * 2000 * n) / RATE));
  }
  return out;
}

function onset(samples: Int16Array, from: number, span: number, threshold: number): number | undefined {
  for (let n = from; n < Math.min(samples.length, from + span); n++) if (Math.abs(samples[n] ?? 0) > threshold) return n;
  return undefined;
}

interface Phone {
  readonly id: string;
  readonly core: MediaSessionCore;
  readonly transport: RtpUdpTransport;
  readonly heard: MemorySink;
  readonly shard: number;
  /** The focus's member session's playout delay at the end (the phone's is in `core.statistics()`). */
  focusPlayoutMs: number;
}

interface PathResult {
  /** The playout delays on the way: the speaker's leg at the focus, the listener's phone. */
  playoutDelayMs: { speakerAtFocus: number; listenerPhone: number };
  clicks: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

async function measure(mode: MixMode): Promise<Record<string, PathResult>> {
  const train = clickTrain();
  let position = 0;
  const clicks: AudioSource = { read: (n) => train.slice(position, (position += n)) };
  const mixers = new ConferenceMixers({ workers: 2 });
  const phones: Phone[] = [];
  try {
    await mixers.open('latency', { mode });
    for (const [id, source] of [['A', clicks], ['B', new SilenceSource()], ['C', new SilenceSource()]] as const) {
      const { worker, source: focusSource, sink: focusSink } = mixers.member('latency', id);
      const transport = await RtpUdpTransport.open({ host: '127.0.0.1' });
      const created = await worker.createSession(id, { codec: OPUS, source: focusSource, sink: focusSink, local: { host: '127.0.0.1' }, remote: transport.localAddress });
      await worker.startSession(id);
      if (!created.localAddress) throw new Error('a UDP member session has an address');
      transport.setRemote(created.localAddress);
      const heard = new MemorySink();
      const core = new MediaSessionCore({ codec: OPUS, source, sink: heard, random: Math.random });
      transport.on('datagram', ({ bytes }) => core.receive(bytes, systemClock.now()));
      phones.push({ id, core, transport, heard, shard: mixers.workers.indexOf(worker), focusPlayoutMs: NaN });
    }
    await new Promise<void>((resolve) => {
      let ticks = 0;
      const clock = new FrameClock(systemClock, 20, (due) => {
        for (const phone of phones) for (const datagram of phone.core.tick(due)) phone.transport.send(datagram);
        ticks += 1;
        if (ticks * 960 >= train.length) {
          clock.stop();
          resolve();
        }
      });
      clock.start();
    });
    for (const phone of phones) phone.focusPlayoutMs = (await (mixers.workers[phone.shard]?.getStatistics(phone.id)))?.playoutDelayMs ?? NaN;
  } finally {
    for (const phone of phones) phone.core.close(0);
    await Promise.all(phones.map((phone) => phone.transport.close()));
    await mixers.closeAll();
  }
  const [a, ...listeners] = phones;
  const results: Record<string, PathResult> = {};
  for (const listener of listeners) {
    const recorded = listener.heard.samples();
    const latencies: number[] = [];
    for (let start = CLICK_EVERY / 2; start + CLICK_EVERY < train.length; start += CLICK_EVERY) {
      const sent = onset(train, start, CLICK_LENGTH, 0.1 * 32767);
      const got = sent === undefined ? undefined : onset(recorded, sent, CLICK_EVERY * 0.8, 0.1 * 32767);
      if (sent !== undefined && got !== undefined) latencies.push(((got - sent) * 1000) / RATE);
    }
    const sorted = latencies.sort((x, y) => x - y);
    const path = `A → ${listener.id} (${listener.shard === a?.shard ? 'same shard' : 'across shards'})`;
    const playoutDelayMs = { speakerAtFocus: a?.focusPlayoutMs ?? NaN, listenerPhone: listener.core.statistics().playoutDelayMs };
    results[path] = { playoutDelayMs, clicks: sorted.length, medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95), minMs: sorted[0] ?? NaN, maxMs: sorted.at(-1) ?? NaN };
  }
  return results;
}

const all: Record<string, Record<string, PathResult>> = {};
console.log(`conference latency, three members over loopback UDP through a two-worker focus, ${SECONDS} s click train`);
// A first conference warms up the workers' compilers; its jitter would stretch the playout buffers.
await measure('loudest');
for (const mode of ['loudest', 'full'] as const) {
  all[mode] = await measure(mode);
  for (const [path, r] of Object.entries(all[mode])) {
    const playout = `playout delays ${r.playoutDelayMs.speakerAtFocus.toFixed(0)} ms at the focus, ${r.playoutDelayMs.listenerPhone.toFixed(0)} ms at the listener`;
    console.log(`${mode}: ${path}: median ${r.medianMs.toFixed(1)} ms, p95 ${r.p95Ms.toFixed(1)} ms (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)}, ${r.clicks} clicks; ${playout})`);
  }
}
writeFileSync(join(root, 'bench/results/conference-latency.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds: SECONDS, results: all }, null, 2)}\n`);
