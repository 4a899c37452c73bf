// Two people, each with a `parley serve` node and a page in Debian's Chromium: the setup the
// end-to-end tests of calls, buddies and history share.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { ParleyProcess, startPrivateDht } from './parley-process.js';
import { tempDir } from './temp-dir.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ROOT = process.env.PARLEY_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = join(ROOT, 'docs/screenshots');
/** Bounds on waits, not figures: a registration on a fresh private DHT takes a few seconds. */
export const ONLINE_WAIT_MS = 20_000;
export const REACH_BOB_WAIT_MS = 30_000;
export const STEP_WAIT_MS = 10_000;

/** One person's node, as `parley serve` announced it. */
export type ServedNode = { name: string; node: ParleyProcess; uri: string; ui: string };
/** …and their page, with what it reported as broken. */
export type Party = ServedNode & { page: Page; faults: string[] };

/** Starts `parley serve` for `name` (no --auto-answer: calls ring as for a person); `processes` collects it for the cleanup. */
export async function serve(name: string, bootstrap: string, processes: ParleyProcess[], dataDir?: string): Promise<ServedNode> {
  const node = new ParleyProcess(['serve', '--data', dataDir ?? (await tempDir(`parley-e2e-${name}`)), '--bootstrap', bootstrap, '--ui', '127.0.0.1:0', '--json']);
  processes.push(node);
  const ready = await node.waitFor((line) => line['event'] === 'ready', 20_000);
  return { name, node, uri: String(ready['uri']), ui: String(ready['ui']) };
}

export async function openPage(browser: Browser, served: ServedNode): Promise<Party> {
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const faults = watchForFaults(page);
  assert.equal((await page.goto(served.ui, { waitUntil: 'load', timeout: 10_000 }))?.status(), 200, `${served.name}'s token URL serves the UI`);
  return { ...served, page, faults };
}

/** Collects what the page reports as broken: console errors, script errors, failed requests. */
export function watchForFaults(page: Page): string[] {
  const faults: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') faults.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => faults.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return faults;
}

/** Presses `call` on Alice's page until Bob's page rings: right after start Bob's device may not be announced yet. */
export async function callUntilRinging(alice: Party, bob: Party, call: Locator): Promise<void> {
  const deadline = Date.now() + REACH_BOB_WAIT_MS;
  const ringing = bob.page.getByTestId('ringing-panel');
  for (let attempt = 1; ; attempt += 1) {
    await call.click();
    // Either Bob's page rings, or Alice's call ends (e.g. 480: no device online yet) and she tries again.
    const outcome = await Promise.race([
      ringing.waitFor({ timeout: Math.max(1, deadline - Date.now()) }).then(() => 'ringing' as const),
      alice.page
        .locator('[data-testid="last-call-ended"][data-end-kind]')
        .waitFor({ timeout: Math.max(1, deadline - Date.now()) })
        .then(() => 'ended' as const),
    ]).catch(() => 'timeout' as const);
    if (outcome === 'ringing') return;
    const why = (await alice.page.getByTestId('last-call-ended').textContent()) ?? '';
    if (outcome === 'timeout' || Date.now() > deadline) {
      assert.fail(`Bob's page did not ring after ${attempt} attempts (${why}); Alice's node: ${alice.node.stderr}; Bob's node: ${bob.node.stderr}`);
    }
    await alice.page.getByRole('button', { name: 'Dismiss the note on the ended call' }).click();
    await alice.page.waitForTimeout(1_000);
  }
}

/**
 * Alice and Bob, each on a `parley serve` node of one private DHT and each with a page open and
 * online. Everything started goes into `processes` for the test's cleanup; close the browser too.
 */
export async function startAliceAndBob(processes: ParleyProcess[]): Promise<{ browser: Browser; alice: Party; bob: Party; bootstrap: string }> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dht = await startPrivateDht(3);
  processes.push(dht.process);
  const [aliceNode, bobNode] = await Promise.all([serve('alice', dht.bootstrap, processes), serve('bob', dht.bootstrap, processes)]);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 15_000 });
  const alice = await openPage(browser, aliceNode);
  const bob = await openPage(browser, bobNode);
  for (const party of [alice, bob]) await party.page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: ONLINE_WAIT_MS });
  return { browser, alice, bob, bootstrap: dht.bootstrap };
}
