// The codecs and audio helpers (issue 4): cost per 20 ms frame of Opus encode (complexity 5
// and 9), Opus decode and concealment, PCMU encode/decode and resampling, median and spread
// over several runs. Results are printed and written to bench/results/media-codecs.json.
// Run: npm run bench -- media-codecs   (PARLEY_BENCH_RUNS=N to change the number of runs)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as AudioModule from '../src/main/media/audio/index.js';
import type * as CodecsModule from '../src/main/media/codecs/index.js';
import { spread, type Spread } from './bench-stats.js';

// Measure the JavaScript that runs in production (tsc's output, which `npm run bench` builds
// first); fall back to the TypeScript sources through tsx when there is no build.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtCodecs = join(root, 'dist/main/media/codecs/index.js');
const builtAudio = join(root, 'dist/main/media/audio/index.js');
const useDist = existsSync(builtCodecs) && existsSync(builtAudio);
const implementation = useDist ? 'dist (tsc output)' : 'src (through tsx)';
const codecs = (useDist ? await import(pathToFileURL(builtCodecs).href) : await import('../src/main/media/codecs/index.js')) as typeof CodecsModule;
const audio = (useDist ? await import(pathToFileURL(builtAudio).href) : await import('../src/main/media/audio/index.js')) as typeof AudioModule;

const RUNS = Number(process.env['PARLEY_BENCH_RUNS'] ?? 7);

/** Speech-like input: two tones and a little noise, so the encoders do real work. */
function speechLike(rate: number, frames: number): Int16Array[] {
  const length = rate / 50;
  let seed = 7;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) * 2 - 1;
  return Array.from({ length: frames }, (_, f) =>
    Int16Array.from({ length }, (_, i) => {
      const t = (f * length + i) / rate;
      return Math.round(6000 * Math.sin(2 * Math.PI * 220 * t) + 3000 * Math.sin(2 * Math.PI * 1250 * t) + 500 * random());
    }),
  );
}

/** Microseconds per frame of `work` over `count` frames, median and spread over RUNS runs (after a warm-up run). */
function measure(count: number, work: (frame: number) => void): Spread {
  for (let i = 0; i < count; i++) work(i);
  const perFrame: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) work(i);
    perFrame.push(Number(process.hrtime.bigint() - started) / 1000 / count);
  }
  return spread(perFrame);
}

const FRAMES = 250; // 5 s of audio
const input48k = speechLike(48000, FRAMES);
const input8k = speechLike(8000, FRAMES);
const frameAt = <T>(frames: readonly T[], i: number): T => frames[i % frames.length] as T;

const results: Record<string, Spread> = {};

for (const complexity of [5, 9]) {
  const encoder = new codecs.OpusEncoder({ complexity });
  results[`opusEncodeComplexity${complexity}`] = measure(FRAMES, (i) => encoder.encode(frameAt(input48k, i)));
  encoder.delete();
}

const packetEncoder = new codecs.OpusEncoder();
const packets = input48k.map((frame) => packetEncoder.encode(frame));
packetEncoder.delete();
const opusDecoder = new codecs.OpusDecoder();
results['opusDecode'] = measure(FRAMES, (i) => opusDecoder.decode(frameAt(packets, i)));
results['opusConceal'] = measure(FRAMES, (i) => (i % 6 === 0 ? opusDecoder.decode(frameAt(packets, i)) : opusDecoder.conceal()));
opusDecoder.delete();

const pcmu = codecs.createCodec('PCMU');
const pcmuEncoder = pcmu.createEncoder();
const pcmuDecoder = pcmu.createDecoder();
const pcmuPayloads = input8k.map((frame) => pcmuEncoder.encode(frame));
results['pcmuEncode'] = measure(FRAMES * 20, (i) => pcmuEncoder.encode(frameAt(input8k, i)));
results['pcmuDecode'] = measure(FRAMES * 20, (i) => pcmuDecoder.decode(frameAt(pcmuPayloads, i)));

const floats48k = input48k.map((frame) => audio.int16ToFloat32(frame));
const floats8k = input8k.map((frame) => audio.int16ToFloat32(frame));
const down = new audio.Resampler(48000, 8000);
results['resample48kTo8k'] = measure(FRAMES * 4, (i) => down.process(frameAt(floats48k, i)));
const up = new audio.Resampler(8000, 48000);
results['resample8kTo48k'] = measure(FRAMES * 4, (i) => up.process(frameAt(floats8k, i)));
const cd = new audio.Resampler(44100, 48000);
const floats44k = speechLike(44100, 10).map((frame) => audio.int16ToFloat32(frame));
results['resample44k1To48k'] = measure(FRAMES * 4, (i) => cd.process(frameAt(floats44k, i)));

// Memory: the Opus heap with 100 live encoder + decoder pairs, per pair.
const heapBefore = codecs.opusHeapBytes();
const live = Array.from({ length: 100 }, () => [new codecs.OpusEncoder(), new codecs.OpusDecoder()] as const);
const heapPerPair = (codecs.opusHeapBytes() - heapBefore) / live.length;
for (const [encoder, decoder] of live) {
  encoder.delete();
  decoder.delete();
}

console.log(`media codecs, µs per 20 ms frame; measuring ${implementation}, ${RUNS} runs`);
for (const [name, s] of Object.entries(results)) {
  console.log(`${name}: median ${s.median.toFixed(2)} µs, min ${s.min.toFixed(2)}, max ${s.max.toFixed(2)} (n=${s.runs})`);
}
console.log(`Opus heap growth per live encoder + decoder pair: ${(heapPerPair / 1024).toFixed(0)} KiB (heap grows in steps, so this is an upper bound)`);

const out = join(root, 'bench', 'results', 'media-codecs.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify({ date: new Date().toISOString(), node: process.version, implementation, unit: 'µs per 20 ms frame', microsecondsPerFrame: results, opusHeapBytesPerEncoderDecoderPair: heapPerPair }, null, 2) + '\n',
);
console.log(`written to ${out}`);
