/**
 * A call between two people, each in their own browser tab on their own `parley serve` node,
 * on one private DHT: Alice dials Bob's address, Bob's page rings and he answers, both see the
 * call running, Alice holds and resumes and sends tones, Bob hangs up, both pages go idle.
 * Neither node has --auto-answer, so the call rings as it would for a person.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ParleyProcess, startPrivateDht } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ROOT = process.env.PARLEY_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../..');
const SCREENSHOTS = join(ROOT, 'docs/screenshots');
/** Bounds on waits, not figures: a registration on a fresh private DHT takes a few seconds. */
const ONLINE_WAIT_MS = 20_000;
const REACH_BOB_WAIT_MS = 30_000;
const STEP_WAIT_MS = 10_000;

const processes: ParleyProcess[] = [];
let browser: Browser | undefined;

after(async () => {
  await browser?.close().catch(() => {});
  // The nodes first, then the DHT they use.
  for (const parley of processes.reverse()) await parley.stop();
});

/** One person's node, as `parley serve` announced it. */
type ServedNode = { name: string; node: ParleyProcess; uri: string; ui: string };
/** …and their page. */
type Party = ServedNode & { page: Page; faults: string[] };

async function serve(name: string, bootstrap: string): Promise<ServedNode> {
  const node = new ParleyProcess(['serve', '--data', await tempDir(`parley-calls-${name}`), '--bootstrap', bootstrap, '--ui', '127.0.0.1:0', '--json']);
  processes.push(node);
  const ready = await node.waitFor((line) => line['event'] === 'ready', 20_000);
  return { name, node, uri: String(ready['uri']), ui: String(ready['ui']) };
}

async function openPage(browser: Browser, served: ServedNode): Promise<Party> {
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const faults = watchForFaults(page);
  assert.equal((await page.goto(served.ui, { waitUntil: 'load', timeout: 10_000 }))?.status(), 200, `${served.name}'s token URL serves the UI`);
  return { ...served, page, faults };
}

/** Collects what the page reports as broken: console errors, script errors, failed requests. */
function watchForFaults(page: Page): string[] {
  const faults: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') faults.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => faults.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return faults;
}

function callState(party: Party) {
  return party.page.getByTestId('call-panel').getByTestId('call-state');
}

/** Waits until the party's call timer shows at least `seconds`. */
async function timerReaches(party: Party, seconds: number): Promise<void> {
  await party.page.waitForFunction(
    (least) => {
      const text = document.querySelector('[data-testid="call-timer"]')?.textContent ?? '';
      const match = /^(\d+):(\d\d)$/.exec(text);
      return match !== null && Number(match[1]) * 60 + Number(match[2]) >= least;
    },
    seconds,
    { timeout: STEP_WAIT_MS },
  );
}

/** Alice dials until Bob's page rings: right after start Bob's device may not be announced yet. */
async function dialUntilRinging(alice: Party, bob: Party): Promise<void> {
  const deadline = Date.now() + REACH_BOB_WAIT_MS;
  const ringing = bob.page.getByTestId('ringing-panel');
  await alice.page.getByTestId('dial-address').fill(bob.uri);
  for (let attempt = 1; ; attempt += 1) {
    await alice.page.getByRole('button', { name: 'Call', exact: true }).click();
    // Either Bob's page rings, or Alice's call ends (e.g. 480: no device online yet) and she tries again.
    const outcome = await Promise.race([
      ringing.waitFor({ timeout: Math.max(1, deadline - Date.now()) }).then(() => 'ringing' as const),
      alice.page
        .getByTestId('last-call-ended')
        .filter({ hasText: /ended/ })
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

test(
  'Alice calls Bob from her page; his page rings, he answers, they hold, resume and send tones, and he hangs up',
  { timeout: 110_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async (t) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const dht = await startPrivateDht(3);
    processes.push(dht.process);
    const [aliceNode, bobNode] = await Promise.all([serve('alice', dht.bootstrap), serve('bob', dht.bootstrap)]);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 15_000 });
    const alice = await openPage(browser, aliceNode);
    const bob = await openPage(browser, bobNode);
    for (const party of [alice, bob]) {
      await party.page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: ONLINE_WAIT_MS });
      assert.equal(await party.page.getByTestId('own-uri').textContent(), party.uri, `${party.name}'s page shows the URI serve printed`);
      assert.equal(await party.page.getByTestId('calls-empty').isVisible(), true, `${party.name} starts with no calls`);
    }

    // ── Alice dials, Bob's page rings ──
    await dialUntilRinging(alice, bob);
    const ringing = bob.page.getByTestId('ringing-panel');
    assert.equal(await ringing.getByTestId('ringing-remote-uri').textContent(), alice.uri, "the ringing panel shows Alice's address");
    await callState(alice).filter({ hasText: 'Calling…' }).waitFor({ timeout: STEP_WAIT_MS });
    await bob.page.mouse.move(1, 1);
    await bob.page.screenshot({ path: join(SCREENSHOTS, 'calls-incoming-ringing.png') });

    // ── Bob answers: both are in the call, the timers run ──
    await ringing.getByRole('button', { name: /^Answer the call from / }).click();
    await ringing.waitFor({ state: 'detached', timeout: STEP_WAIT_MS });
    for (const party of [alice, bob]) {
      await callState(party).filter({ hasText: 'In call' }).waitFor({ timeout: STEP_WAIT_MS });
      await timerReaches(party, 2);
    }
    assert.equal(await bob.page.getByTestId('call-remote-uri').textContent(), alice.uri);
    assert.equal(await alice.page.getByTestId('call-remote-uri').textContent(), bob.uri);
    assert.equal(
      await bob.page.evaluate(() => document.activeElement?.getAttribute('data-testid')),
      'call-panel',
      "the keyboard focus moves from the ringing panel to the call's panel",
    );
    // Statistics come about once a second: the quality badge leaves "Measuring…".
    for (const party of [alice, bob]) {
      await party.page.locator('[data-testid="call-quality"]:not([data-grade="pending"])').waitFor({ timeout: STEP_WAIT_MS });
      t.diagnostic(`${party.name}'s call quality: ${await party.page.locator('[role="tooltip"]').textContent()}`);
    }
    for (const party of [alice, bob]) {
      await party.page.mouse.move(1, 1);
      // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
      await party.page.evaluate(() => window.scrollTo(0, 0));
      await party.page.screenshot({ path: join(SCREENSHOTS, `calls-in-call-${party.name}.png`), fullPage: true });
    }

    // ── Alice holds: both pages say so; she resumes ──
    await alice.page.getByRole('button', { name: 'Hold', exact: true }).click();
    await callState(alice).filter({ hasText: 'On hold' }).waitFor({ timeout: STEP_WAIT_MS });
    await callState(bob).filter({ hasText: 'Held by the other party' }).waitFor({ timeout: STEP_WAIT_MS });
    await alice.page.getByRole('button', { name: 'Resume', exact: true }).click();
    for (const party of [alice, bob]) await callState(party).filter({ hasText: 'In call' }).waitFor({ timeout: STEP_WAIT_MS });

    // ── Alice sends tones from the keypad, with the mouse and the keyboard; Bob's page shows them ──
    await alice.page.getByRole('button', { name: 'Keypad', exact: true }).click();
    const keypad = alice.page.getByRole('group', { name: /^Keypad/ });
    await keypad.getByRole('button', { name: '5', exact: true }).click();
    await keypad.getByRole('button', { name: '5', exact: true }).press('#');
    await bob.page.getByTestId('dtmf-received').filter({ hasText: '5#' }).waitFor({ timeout: STEP_WAIT_MS });
    await alice.page.getByTestId('dtmf-sent').filter({ hasText: '5#' }).waitFor({ timeout: STEP_WAIT_MS });

    // ── Bob hangs up: both pages go back to idle and say why the call ended ──
    await bob.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    for (const party of [alice, bob]) {
      await party.page.getByTestId('call-panel').waitFor({ state: 'detached', timeout: STEP_WAIT_MS });
      await party.page.getByTestId('calls-empty').waitFor({ timeout: STEP_WAIT_MS });
      await party.page.getByTestId('last-call-ended').filter({ hasText: /ended after \d+:\d\d/ }).waitFor({ timeout: STEP_WAIT_MS });
    }

    assert.deepEqual(alice.faults, [], "no console error, script error or failed request on Alice's page");
    assert.deepEqual(bob.faults, [], "no console error, script error or failed request on Bob's page");
  },
);
