// How long a newcomer waits: from starting `parley demo` to its node reporting "online",
// and to the served UI answering its API. Acceptance (issue 2): online within 5 s.
// Run: npm run bench -- demo-online   (PARLEY_BENCH_RUNS=N to change the run count)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParleyProcess } from '../test/helpers/parley-process.js';

const RUNS = Number(process.env['PARLEY_BENCH_RUNS'] ?? 10);

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return `${label}: median ${at(0.5).toFixed(0)} ms, min ${at(0).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${at(1).toFixed(0)} ms (n=${values.length})`;
}

const toOnline: number[] = [];
const toApi: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const data = await mkdtemp(join(tmpdir(), 'parley-bench-'));
  const started = performance.now();
  const demo = new ParleyProcess(['demo', '--data', data, '--ui', '127.0.0.1:0', '--no-open', '--json']);
  try {
    const ready = await demo.waitFor((e) => e['event'] === 'ready', 30_000);
    await demo.waitFor((e) => e['event'] === 'network' && e['state'] === 'online', 30_000);
    toOnline.push(performance.now() - started);
    const url = new URL(String(ready['ui']));
    const response = await fetch(new URL('/api/getNetworkStatus', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${url.searchParams.get('token')}` },
      body: '{}',
    });
    const status = ((await response.json()) as { value: { state: string } }).value.state;
    if (status !== 'online') throw new Error(`the API says ${status}`);
    toApi.push(performance.now() - started);
  } finally {
    await demo.stop();
    await rm(data, { recursive: true, force: true });
  }
}
console.log(summary('parley demo → node online (process start included)', toOnline));
console.log(summary('parley demo → API answers online', toApi));
