// How long a newcomer waits: from starting `parley demo` to its node reporting "online", to
// the API answering "online", and to the page in Chromium showing it (when Chromium is
// installed). Acceptance (issue 2): the page shows the node online within 5 s.
// Run: npm run bench -- demo-online   (PARLEY_BENCH_RUNS=N to change the run count)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ParleyProcess } from '../test/helpers/parley-process.js';
import { percentile } from './bench-stats.js';

const CHROMIUM = '/usr/bin/chromium';

const RUNS = Number(process.env['PARLEY_BENCH_RUNS'] ?? 10);

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => percentile(sorted, q);
  return `${label}: median ${at(0.5).toFixed(0)} ms, min ${at(0).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${at(1).toFixed(0)} ms (n=${values.length})`;
}

const toOnline: number[] = [];
const toApi: number[] = [];
const toPage: number[] = [];
// The browser is started once, outside the measured time: a newcomer's browser is already open.
const browser: Browser | null = existsSync(CHROMIUM)
  ? await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] })
  : null;
if (!browser) console.log('(chromium not installed: the page figure is not measured)');
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
    if (browser) {
      const page = await browser.newPage();
      await page.goto(String(ready['ui']));
      await page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: 30_000 });
      toPage.push(performance.now() - started);
      await page.close();
    }
  } finally {
    await demo.stop();
    await rm(data, { recursive: true, force: true });
  }
}
console.log(summary('parley demo → node online (process start included)', toOnline));
console.log(summary('parley demo → API answers online', toApi));
if (toPage.length > 0) console.log(summary('parley demo → page in Chromium shows online (the acceptance figure, 5 s)', toPage));
await browser?.close();
