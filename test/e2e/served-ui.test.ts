/**
 * The served UI end to end: a private DHT (`parley bootstrap`), a node (`parley serve`) on it,
 * and Debian's Chromium driving the page the node prints, in light and dark.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ParleyProcess } from '../helpers/parley-process.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = process.env.PARLEY_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'test-results');
const TEST_TIMEOUT_MS = 55_000;
/**
 * A bound on the wait, not the figure: the brief's "online within 5 s" is measured by
 * `npm run bench -- demo-online` (a timing assertion here would only make CI flaky).
 */
const ONLINE_WAIT_MS = 15_000;

type JsonLine = Record<string, unknown>;

const processes: ParleyProcess[] = [];
const tempDirs: string[] = [];
let browser: Browser | undefined;

after(async () => {
  await browser?.close().catch(() => {});
  // Serve first, then the DHT it uses.
  for (const parley of processes.reverse()) await parley.stop();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function stringField(line: JsonLine, name: string): string {
  const value = line[name];
  assert.equal(typeof value, 'string', `the ready line has a string "${name}": ${JSON.stringify(line)}`);
  return value as string;
}

/** Collects what the page reports as broken: CSP violations, script errors, failed requests. */
function watchForFaults(page: Page): string[] {
  const faults: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') faults.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => faults.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => faults.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return faults;
}

async function openUi(context: BrowserContext, url: string): Promise<{ page: Page; faults: string[] }> {
  const page = await context.newPage();
  const faults = watchForFaults(page);
  const response = await page.goto(url, { waitUntil: 'load', timeout: 10_000 });
  assert.equal(response?.status(), 200, 'the token URL serves the UI');
  return { page, faults };
}

test(
  'parley serve shows its own URI, goes online, draws the QR code, and refuses a page without the token',
  {
    timeout: TEST_TIMEOUT_MS,
    skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)',
  },
  async () => {
    mkdirSync(RESULTS, { recursive: true });

    const dht = new ParleyProcess(['bootstrap', '--host', '127.0.0.1', '--port', '0', '--nodes', '3', '--json']);
    processes.push(dht);
    const dhtReady = await dht.waitFor((line) => line['event'] === 'ready', 10_000);
    const bootstrap = stringField(dhtReady, 'bootstrap');

    const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
    tempDirs.push(dataDir);
    const node = new ParleyProcess(['serve', '--data', dataDir, '--bootstrap', bootstrap, '--ui', '127.0.0.1:0', '--json']);
    processes.push(node);
    const nodeReady = await node.waitFor((line) => line['event'] === 'ready', 15_000);
    const uri = stringField(nodeReady, 'uri');
    const uiUrl = stringField(nodeReady, 'ui');
    assert.match(uiUrl, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const origin = new URL(uiUrl).origin;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      timeout: 15_000,
    });

    // ── light ──
    const light = await browser.newContext({ colorScheme: 'light', viewport: { width: 1200, height: 860 } });
    await light.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const { page, faults } = await openUi(light, uiUrl);
    assert.ok(!page.url().includes('token='), 'the token is dropped from the address bar');

    const ownUri = page.getByTestId('own-uri');
    await ownUri.waitFor({ timeout: 10_000 });
    assert.equal(await ownUri.textContent(), uri, 'the page shows the URI that serve printed');

    await page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: ONLINE_WAIT_MS });
    assert.match((await page.getByTestId('network-state').textContent()) ?? '', /^Online · \d+ DHT peers?$/);
    assert.equal(await page.getByTestId('private-network').textContent(), 'Private network', '--bootstrap is a private DHT');

    const qr = page.getByTestId('own-uri-qr');
    await qr.waitFor({ timeout: 5_000 });
    assert.equal(await qr.getAttribute('alt'), `QR code of the invite link to ${uri}`);
    assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.ok(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the QR image decoded');

    for (const heading of ['Buddies', 'Calls', 'Conferences', 'Voicemail', 'Dialer']) {
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor({ timeout: 2_000 });
    }
    assert.equal(await page.getByRole('button', { name: 'Call' }).isDisabled(), true, 'calling is not there yet');

    // Copy puts the exact URI on the clipboard and says so.
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByTestId('copy-status').filter({ hasText: 'Copied' }).waitFor({ timeout: 2_000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), uri);

    // The core's validation error is shown; a good name is saved through the API.
    await page.getByRole('button', { name: /^Edit display name/ }).click();
    const nameInput = page.getByLabel('Display name');
    await nameInput.fill('   ');
    await nameInput.press('Enter');
    await page.getByTestId('display-name-error').filter({ hasText: 'A display name cannot be empty.' }).waitFor({ timeout: 3_000 });
    await nameInput.fill('Ada Lovelace');
    await nameInput.press('Enter');
    await page.getByTestId('display-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 3_000 });

    // The mute toggle round-trips through the core.
    const mute = page.getByRole('button', { name: 'Mute' });
    assert.equal(await mute.getAttribute('aria-pressed'), 'false');
    await mute.click();
    await page.locator('button[aria-pressed="true"]', { hasText: 'Mute' }).waitFor({ timeout: 3_000 });
    await mute.click();
    await page.locator('button[aria-pressed="false"]', { hasText: 'Mute' }).waitFor({ timeout: 3_000 });

    await page.mouse.click(1, 1); // nothing focused or hovered in the screenshot
    await page.screenshot({ path: join(RESULTS, 'served-ui.png'), fullPage: true });
    assert.deepEqual(faults, [], 'no CSP violation, script error or failed request in light mode');

    // ── dark ──
    const dark = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1200, height: 860 } });
    const darkUi = await openUi(dark, uiUrl);
    await darkUi.page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: ONLINE_WAIT_MS });
    await darkUi.page.getByTestId('own-uri-qr').waitFor({ timeout: 5_000 });
    await darkUi.page.getByTestId('display-name').filter({ hasText: 'Ada Lovelace' }).waitFor({ timeout: 3_000 });
    await darkUi.page.screenshot({ path: join(RESULTS, 'served-ui-dark.png'), fullPage: true });
    assert.deepEqual(darkUi.faults, [], 'no CSP violation, script error or failed request in dark mode');

    // ── no token: refused ──
    const stranger = await browser.newContext();
    const strangerPage = await stranger.newPage();
    const refused = await strangerPage.goto(`${origin}/`, { timeout: 10_000 });
    assert.equal(refused?.status(), 401, 'a page load without the token is refused');
    await stranger.close();

    // ── the core goes away: the page says so ──
    await node.stop();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Disconnected from the Parley core — reconnecting…' })
      .waitFor({ timeout: 3_000 });
    await page.screenshot({ path: join(RESULTS, 'served-ui-disconnected.png') });

    await light.close();
    await dark.close();
  },
);
