/**
 * The newcomer's first command, as the README gives it: `parley demo` prints a URL, and that
 * page in Chromium shows their own node online on the demo's private DHT.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { ParleyProcess } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

test(
  'parley demo prints a URL whose page shows the node online with its URI',
  { timeout: 60_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async () => {
    const demo = new ParleyProcess(['demo', '--data', await tempDir('parley-demo'), '--ui', '127.0.0.1:0', '--no-open', '--json']);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 15_000 });
    try {
      const ready = await demo.waitFor((e) => e['event'] === 'ready');
      const page = await browser.newPage();
      assert.equal((await page.goto(String(ready['ui']), { timeout: 10_000 }))?.status(), 200);
      await page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId('own-uri').textContent(), ready['uri']);
      assert.match(String(await page.getByTestId('network-state').textContent()), /\d+ DHT peers?/);
    } finally {
      await browser.close();
      assert.equal(await demo.stop(), 0, 'Ctrl-C stops the demo cleanly');
    }
  },
);
