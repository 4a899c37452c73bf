/**
 * The newcomer's first command, as the README gives it: `parley demo` prints a URL, and that
 * page in Chromium shows their own node online on the demo's private DHT, with the Conference
 * room among the buddies: one click joins it, and two bots talk there (issue 7, item 6).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { watchForFaults } from '../helpers/e2e-parties.js';
import { ParleyProcess } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Bounds, not figures: the demo starts its DHT, the Echo buddy and the room (which publishes its record) before the UI. */
const READY_WAIT_MS = 45_000;
/** Joining looks the room's record up, connects to it and subscribes to the roster. */
const JOIN_WAIT_MS = 30_000;
/** A bot's turn comes round within one loop of the script (~20 s spoken, ~5 s beeped). */
const TURN_WAIT_MS = 30_000;

test(
  'parley demo prints a URL whose page shows the node online with its URI',
  { timeout: 60_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async () => {
    const demo = new ParleyProcess(['demo', '--data', await tempDir('parley-demo'), '--ui', '127.0.0.1:0', '--no-open', '--json']);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 15_000 });
    try {
      const ready = await demo.waitFor((e) => e['event'] === 'ready', READY_WAIT_MS);
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

test(
  'the demo’s Conference room is a buddy: one click joins it, both bots are in the roster and each is seen speaking',
  { timeout: 120_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async () => {
    const data = await tempDir('parley-demo-room');
    let demo = new ParleyProcess(['demo', '--data', data, '--ui', '127.0.0.1:0', '--no-open', '--json']);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 15_000 });
    try {
      const ready = await demo.waitFor((e) => e['event'] === 'ready', READY_WAIT_MS);
      const room = await demo.waitFor((e) => e['event'] === 'conferenceRoom', 5_000);
      const uri = String(room['uri']);
      assert.match(uri, /^sip:[a-km-uw-z13-9]{52}@conference\.parley\.invalid$/);
      const page = await browser.newPage();
      const faults = watchForFaults(page);
      assert.equal((await page.goto(String(ready['ui']), { timeout: 10_000 }))?.status(), 200);
      await page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: 15_000 });

      const buddy = page.locator(`[data-testid="buddy"][data-uri="${uri}"]`);
      await buddy.waitFor({ timeout: 10_000 });
      assert.equal(await buddy.getByTestId('buddy-name').textContent(), 'Conference room');
      await buddy.getByRole('button', { name: /^Call Conference room/ }).click();

      const card = page.locator(`[data-testid="conference-card"][data-conference-uri="${uri}"]`);
      await card.and(page.locator('[data-role="member"][data-state="active"]')).waitFor({ timeout: JOIN_WAIT_MS });
      assert.equal(await card.getByTestId('conference-title').textContent(), 'Conference room');
      for (const bot of ['Ada', 'Theo']) {
        const row = card.getByTestId('conference-member').filter({ has: page.getByTestId('conference-member-name').filter({ hasText: bot }) });
        await row.waitFor({ timeout: JOIN_WAIT_MS });
        await row.and(page.locator('[data-speaking="true"]')).waitFor({ timeout: TURN_WAIT_MS });
      }
      await card.getByTestId('conference-leave').click();
      await card.and(page.locator('[data-state="ended"]')).waitFor({ timeout: 10_000 });
      assert.deepEqual(faults, [], 'no console error, script error or failed request on the page');

      // Run again, the demo has the same room: the buddy stays valid.
      assert.equal(await demo.stop(), 0, 'Ctrl-C stops the demo cleanly');
      demo = new ParleyProcess(['demo', '--data', data, '--ui', '127.0.0.1:0', '--no-open', '--json']);
      const again = await demo.waitFor((e) => e['event'] === 'conferenceRoom', READY_WAIT_MS);
      assert.equal(again['uri'], uri, 'the same conference URI on the next run');
    } finally {
      await browser.close();
      assert.equal(await demo.stop(), 0, 'Ctrl-C stops the demo cleanly');
    }
  },
);
