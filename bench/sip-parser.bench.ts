// The SIP message layer (issue 3): parser throughput for a typical INVITE, memory per parsed
// message, the stream framer's throughput, and a fuzz run of ≥100,000 mutated inputs that must
// not crash. Results are printed and written to bench/results/sip-parser.json.
// Run: npm run bench -- sip-parser   (PARLEY_BENCH_RUNS=N, PARLEY_FUZZ_INPUTS=N to change the sizes)
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type * as MessageLayer from '../src/main/sip/message/index.js';
import { loadFlowMessages, loadTortureMessage, tortureMessageNames } from '../test/helpers/sip-fixtures.js';
import { TYPICAL_INVITE } from '../test/helpers/sip-model.js';
import { mutate, randomChunks, seededRandom } from '../test/helpers/sip-mutator.js';
import { spread, type Spread } from './bench-stats.js';

// Measure the JavaScript that runs in production (tsc's output, which `npm run bench` builds
// first); fall back to the TypeScript sources through tsx when there is no build.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist/main/sip/message/index.js');
const implementation = existsSync(built) ? 'dist (tsc output)' : 'src (through tsx)';
const layer = (existsSync(built) ? await import(pathToFileURL(built).href) : await import('../src/main/sip/message/index.js')) as typeof MessageLayer;
const { parseSipMessage, serializeSipMessage, SipStreamFramer, getContacts, getRecordRoutes, getRequestUri } = layer;
type SipMessage = MessageLayer.SipMessage;

const RUNS = Number(process.env['PARLEY_BENCH_RUNS'] ?? 7);
const FUZZ_INPUTS = Number(process.env['PARLEY_FUZZ_INPUTS'] ?? 100_000);
const PER_RUN = 20_000;
const invite = Buffer.from(TYPICAL_INVITE);

function show(label: string, s: Spread, unit: string, digits = 0): void {
  console.log(`${label}: median ${s.median.toFixed(digits)} ${unit}, min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)} (n=${s.runs})`);
}

function ratePerSecond(count: number, run: () => void): number {
  const started = performance.now();
  run();
  return count / ((performance.now() - started) / 1000);
}

// Warm up the JIT before measuring.
for (let i = 0; i < 20_000; i++) parseSipMessage(invite);

const parseRates: number[] = [];
const serializeRates: number[] = [];
const framerRates: number[] = [];
const parsed = parseSipMessage(invite);
if (!parsed.ok) throw new Error(`the benchmark INVITE does not parse: ${parsed.error.reason}`);
const stream = Buffer.concat(Array.from({ length: 100 }, () => invite));
for (let run = 0; run < RUNS; run++) {
  parseRates.push(ratePerSecond(PER_RUN, () => {
    for (let i = 0; i < PER_RUN; i++) if (!parseSipMessage(invite).ok) throw new Error('parse failed');
  }));
  serializeRates.push(ratePerSecond(PER_RUN, () => {
    for (let i = 0; i < PER_RUN; i++) serializeSipMessage(parsed.message);
  }));
  framerRates.push(ratePerSecond(PER_RUN, () => {
    const framer = new SipStreamFramer();
    let messages = 0;
    for (let i = 0; i < PER_RUN / 100; i++) for (const chunk of randomChunks(stream, seededRandom(i))) messages += framer.push(chunk).length;
    if (messages !== PER_RUN) throw new Error(`framed ${messages} messages`);
  }));
}

// Memory: heap retained by a large batch of parsed messages, per message. A full GC before
// each reading (reached without --expose-gc on the command line) leaves only what is held.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MEMORY_BATCH = 20_000;
function heapAndBuffers(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
const memoryPerMessage: number[] = [];
for (let run = 0; run < Math.max(3, Math.min(RUNS, 5)); run++) {
  const held: SipMessage[] = [];
  gc();
  const before = heapAndBuffers();
  for (let i = 0; i < MEMORY_BATCH; i++) {
    const result = parseSipMessage(invite);
    if (result.ok) held.push(result.message);
  }
  gc();
  const after = heapAndBuffers();
  memoryPerMessage.push((after - before) / held.length);
  held.length = 0;
}

// Fuzz: mutated valid messages through the datagram parser, the stream parser, the accessors
// the layers above use, and the framer in random chunks.
const seeds = [invite, ...loadFlowMessages().map((m) => m.bytes), ...tortureMessageNames().map(loadTortureMessage)];
const random = seededRandom(0xbe_4c_8);
let crashes = 0;
let accepted = 0;
let slowest = 0;
const crashExamples: string[] = [];
const fuzzStarted = performance.now();
for (let i = 0; i < FUZZ_INPUTS; i++) {
  const { bytes, mutations } = mutate(seeds[Math.floor(random() * seeds.length)] ?? invite, random);
  const started = performance.now();
  try {
    const result = parseSipMessage(bytes);
    if (result.ok) {
      accepted++;
      if (result.message.kind === 'request') getRequestUri(result.message);
      getContacts(result.message);
      getRecordRoutes(result.message);
      if (!parseSipMessage(serializeSipMessage(result.message), { framing: 'stream' }).ok) throw new Error('serialized message does not parse');
    }
    parseSipMessage(bytes, { framing: 'stream' });
    if (i % 10 === 0) {
      const framer = new SipStreamFramer();
      for (const chunk of randomChunks(bytes, random)) framer.push(chunk);
    }
  } catch (error) {
    crashes++;
    if (crashExamples.length < 5) crashExamples.push(`${mutations.join('+')}: ${String(error)}`);
  }
  slowest = Math.max(slowest, performance.now() - started);
}
const fuzzSeconds = (performance.now() - fuzzStarted) / 1000;

const results = {
  date: new Date().toISOString(),
  node: process.version,
  implementation,
  message: { bytes: invite.length, headers: parsed.message.headers.size },
  parseMessagesPerSecond: spread(parseRates),
  serializeMessagesPerSecond: spread(serializeRates),
  framerMessagesPerSecond: spread(framerRates),
  heapBytesPerParsedMessage: spread(memoryPerMessage),
  fuzz: { inputs: FUZZ_INPUTS, crashes, accepted, seconds: fuzzSeconds, slowestInputMs: slowest, crashExamples },
};

console.log(`typical INVITE: ${invite.length} bytes, ${parsed.message.headers.size} headers; measuring ${implementation}`);
show('parse (datagram, validated)', results.parseMessagesPerSecond, 'messages/s');
show('serialize', results.serializeMessagesPerSecond, 'messages/s');
show('stream framer (random chunks)', results.framerMessagesPerSecond, 'messages/s');
show('heap per parsed message held', results.heapBytesPerParsedMessage, 'bytes');
console.log(`fuzz: ${FUZZ_INPUTS} inputs in ${fuzzSeconds.toFixed(1)} s, ${crashes} crashes, ${accepted} still valid, slowest input ${slowest.toFixed(2)} ms`);
for (const example of crashExamples) console.log(`  crash: ${example}`);

const out = join(root, 'bench', 'results', 'sip-parser.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(`written to ${out}`);
if (crashes > 0) process.exitCode = 1;
