/**
 * Presence, do not disturb, strangers and a second device, between two people on their own
 * `parley serve` nodes on one private DHT (issue 6, "Tests"): Alice adds Bob and sees him online;
 * her call reaches Bob's page marked as coming from someone not in his buddies; Bob sets do not
 * disturb, Alice sees it, and her call ends with "busy" on her page. Alice makes a transfer code
 * in her settings and imports it on a second device, whose page shows her buddies. Bob goes
 * offline, and Alice's page says so within a bounded time.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { CHROMIUM, callUntilRinging, openPage, SCREENSHOTS, serve, startAliceAndBob, STEP_WAIT_MS, type Party } from '../helpers/e2e-parties.js';
import { runParley, type ParleyProcess } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const processes: ParleyProcess[] = [];
let browser: Browser | undefined;

after(async () => {
  await browser?.close().catch(() => {});
  for (const parley of processes.reverse()) await parley.stop();
});

/** Bounds, not figures: presence needs a lookup, a connection and a SUBSCRIBE; offline needs the NOTIFY or the connection's end. */
const PRESENCE_WAIT_MS = 30_000;
const OFFLINE_WAIT_MS = 60_000;
const RESTORE_WAIT_MS = 45_000;

function buddyRow(party: Party, name: string): Locator {
  return party.page.locator('[data-section="buddies"]').getByTestId('buddy').filter({ hasText: name });
}

async function addBuddy(party: Party, uri: string, name: string): Promise<Locator> {
  await party.page.locator('[data-section="buddies"]').getByRole('button', { name: 'Add buddy' }).click();
  await party.page.getByTestId('buddy-add-uri').fill(uri);
  await party.page.getByTestId('buddy-add-name').fill(name);
  await party.page.getByRole('button', { name: 'Save buddy' }).click();
  const row = buddyRow(party, name);
  await row.waitFor({ timeout: STEP_WAIT_MS });
  return row;
}

async function presenceOf(row: Locator, status: string, timeout: number): Promise<void> {
  await row.and(row.page().locator(`[data-presence="${status}"]`)).waitFor({ timeout });
}

/** The note on the last call that ended, once it says how it ended. */
async function lastCallEnd(party: Party): Promise<{ kind: string | null; sentence: string }> {
  const note = party.page.locator('[data-testid="last-call-ended"][data-end-kind]');
  await note.waitFor({ timeout: STEP_WAIT_MS });
  return { kind: await note.getAttribute('data-end-kind'), sentence: (await note.getByTestId('last-call-ended-sentence').textContent()) ?? '' };
}

async function dismissLastCallEnd(party: Party): Promise<void> {
  await party.page.getByRole('button', { name: 'Dismiss the note on the ended call' }).click();
  await party.page.locator('[data-testid="last-call-ended"][data-end-kind]').waitFor({ state: 'detached', timeout: STEP_WAIT_MS });
}

test(
  'Alice sees Bob online, busy and offline; a stranger is marked; a restored second device shows her buddies',
  { timeout: 240_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async () => {
    const started = await startAliceAndBob(processes);
    browser = started.browser;
    const { alice, bob } = started;

    // ── Alice adds Bob by his address and sees him online ──
    const bobRow = await addBuddy(alice, bob.uri, 'Bob');
    await presenceOf(bobRow, 'online', PRESENCE_WAIT_MS);
    assert.equal(await bobRow.getByTestId('buddy-presence').textContent(), 'Online');

    // ── Alice is not one of Bob's buddies: her call is marked so on his page; he declines ──
    await callUntilRinging(alice, bob, bobRow.getByRole('button', { name: /^Call Bob/ }));
    const ringing = bob.page.getByTestId('ringing-panel');
    await ringing.getByTestId('ringing-not-buddy').waitFor({ timeout: STEP_WAIT_MS });
    assert.match((await ringing.textContent()) ?? '', new RegExp(alice.uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), "Bob's page shows who calls");
    await bob.page.mouse.move(1, 1);
    await ringing.screenshot({ path: join(SCREENSHOTS, 'ringing-stranger.png') });
    await ringing.getByRole('button', { name: /^Decline the call from / }).click();
    const declined = await lastCallEnd(alice);
    assert.equal(declined.kind, 'declined', `Alice's page says Bob declined (${declined.sentence})`);
    await dismissLastCallEnd(alice);

    // ── Bob sets do not disturb: Alice sees it, and her call ends with "busy" on her page ──
    await bob.page.getByTestId('own-status-select').selectOption('busy');
    await bob.page.locator('[data-testid="own-status"][data-status="busy"]').waitFor({ timeout: STEP_WAIT_MS });
    await presenceOf(bobRow, 'busy', PRESENCE_WAIT_MS);
    await bobRow.getByRole('button', { name: /^Call Bob/ }).click();
    const busy = await lastCallEnd(alice);
    assert.equal(busy.kind, 'busy', `Alice's page says busy (${busy.sentence})`);
    assert.match(busy.sentence, /busy/i);
    assert.equal(await bob.page.getByTestId('ringing-panel').count(), 0, "Bob's page never rang");
    await alice.page.mouse.move(1, 1);
    await alice.page.evaluate(() => window.scrollTo(0, 0));
    await alice.page.screenshot({ path: join(SCREENSHOTS, 'presence-busy-alice.png') });
    await dismissLastCallEnd(alice);
    await bob.page.getByTestId('own-status-select').selectOption('online');
    await presenceOf(bobRow, 'online', PRESENCE_WAIT_MS);

    // ── Alice makes a transfer code in her settings and imports it on a second device ──
    await alice.page.getByTestId('open-settings').click();
    const dialog = alice.page.getByTestId('settings-dialog');
    await dialog.waitFor({ timeout: STEP_WAIT_MS });
    const passphrase = 'correct horse battery staple';
    await dialog.getByTestId('settings-transfer-passphrase').fill(passphrase);
    await dialog.getByTestId('settings-transfer-confirmation').fill(passphrase);
    await dialog.getByRole('button', { name: 'Create transfer code' }).click();
    const codeField = dialog.getByTestId('settings-transfer-code-value');
    await codeField.waitFor({ timeout: STEP_WAIT_MS });
    const code = await codeField.inputValue();
    assert.ok(code.length > 40, 'a transfer code is shown');
    await alice.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: STEP_WAIT_MS });

    const secondDir = await tempDir('parley-e2e-alice-2');
    const passphraseFile = join(await tempDir('parley-e2e-pass'), 'passphrase');
    await writeFile(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
    const imported = runParley(['identity', 'import', code, '--data', secondDir, '--passphrase-file', passphraseFile, '--json']);
    assert.equal(imported.status, 0, `the code imports: ${imported.stderr}`);
    const second = await openPage(started.browser, await serve('alice-2', started.bootstrap, processes, secondDir));
    await second.page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: STEP_WAIT_MS * 2 });
    assert.equal(await second.page.getByTestId('own-uri').first().textContent(), alice.uri, 'the second device speaks for the same address');
    const restored = buddyRow(second, 'Bob');
    await restored.waitFor({ timeout: RESTORE_WAIT_MS });
    assert.equal(await restored.getByTestId('buddy-uri').textContent(), bob.uri);
    await second.page.mouse.move(1, 1);
    await second.page.locator('[data-section="buddies"]').screenshot({ path: join(SCREENSHOTS, 'restored-buddies.png') });

    // ── Bob goes offline: Alice's page says so within a bounded time ──
    // Bob quits as a user does: his page goes with his node (it would only report the lost link).
    assert.deepEqual(bob.faults, [], "no console error, script error or failed request on bob's page");
    await bob.page.context().close();
    const stoppedAt = Date.now();
    await bob.node.stop();
    await presenceOf(bobRow, 'offline', OFFLINE_WAIT_MS);
    console.log(`# Bob shown offline ${Date.now() - stoppedAt} ms after his node was stopped`);
    assert.equal(await bobRow.getByTestId('buddy-presence').textContent(), 'Offline');

    for (const party of [alice, second]) assert.deepEqual(party.faults, [], `no console error, script error or failed request on ${party.name}'s page`);
  },
);
