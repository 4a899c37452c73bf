/**
 * The buddy list, the call history and the settings, between two people on their own
 * `parley serve` nodes on one private DHT: Alice adds Bob by address and calls him from her
 * list; he answers and she hangs up, and both histories show the call answered with its length.
 * She calls again and cancels: Bob's history shows a missed call and a badge, which goes when he
 * looks at the history. Then the settings open from the keyboard, and Alice clears her history.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { CHROMIUM, callUntilRinging, SCREENSHOTS, startAliceAndBob, STEP_WAIT_MS, type Party } from '../helpers/e2e-parties.js';
import type { ParleyProcess } from '../helpers/parley-process.js';

const processes: ParleyProcess[] = [];
let browser: Browser | undefined;

after(async () => {
  await browser?.close().catch(() => {});
  for (const parley of processes.reverse()) await parley.stop();
});


function newestCall(party: Party): Locator {
  return party.page.getByTestId('history-entry').first();
}


test(
  'Alice adds Bob, calls him from her buddy list, both histories show it; a cancelled call is missed on his side until he looks',
  { timeout: 115_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async () => {
    const started = await startAliceAndBob(processes);
    browser = started.browser;
    const { alice, bob } = started;
    for (const party of [alice, bob]) {
      await party.page.getByTestId('buddies-empty').waitFor({ timeout: STEP_WAIT_MS });
      await party.page.getByTestId('history-empty').waitFor({ timeout: STEP_WAIT_MS });
    }

    // ── Alice adds Bob by his address; a bad address is refused in words first ──
    const aliceBuddies = alice.page.locator('[data-section="buddies"]');
    await aliceBuddies.getByRole('button', { name: 'Add buddy' }).click();
    await alice.page.getByTestId('buddy-add-uri').fill('bob@example.org');
    assert.equal(await alice.page.getByTestId('buddy-add-uri-message').textContent(), 'A SIP URI starts with sip: or sips: and has no spaces.');
    await alice.page.getByTestId('buddy-add-uri').fill(bob.uri);
    await alice.page.getByTestId('buddy-add-name').fill('Bob');
    await alice.page.getByRole('button', { name: 'Save buddy' }).click();
    const bobRow = aliceBuddies.getByTestId('buddy').filter({ hasText: 'Bob' });
    await bobRow.waitFor({ timeout: STEP_WAIT_MS });
    assert.equal(await bobRow.getByTestId('buddy-uri').textContent(), bob.uri);
    assert.equal(await bobRow.getByTestId('buddy-kind').textContent(), 'Parley');
    await alice.page.mouse.move(1, 1);
    await aliceBuddies.screenshot({ path: join(SCREENSHOTS, 'buddies-list.png') });

    // ── Alice calls Bob from the list; he answers; she hangs up ──
    await callUntilRinging(alice, bob, bobRow.getByRole('button', { name: 'Call Bob' }));
    await bob.page.getByTestId('ringing-panel').getByRole('button', { name: /^Answer the call from / }).click();
    for (const party of [alice, bob]) {
      await party.page.getByTestId('call-state').filter({ hasText: 'In call' }).waitFor({ timeout: STEP_WAIT_MS });
    }
    await alice.page.waitForFunction(() => /^0:0[2-9]$/.test(document.querySelector('[data-testid="call-timer"]')?.textContent ?? ''), undefined, {
      timeout: STEP_WAIT_MS,
    });
    await alice.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    for (const party of [alice, bob]) await party.page.getByTestId('call-panel').waitFor({ state: 'detached', timeout: STEP_WAIT_MS });

    // ── Both histories show the call answered, with its length; Alice's by Bob's name ──
    for (const party of [alice, bob]) {
      await newestCall(party).getByTestId('history-outcome').filter({ hasText: /^Answered \d+:\d\d$/ }).waitFor({ timeout: STEP_WAIT_MS });
    }
    assert.equal(await newestCall(alice).getByTestId('history-party').textContent(), 'Bob');
    assert.equal(await newestCall(alice).getAttribute('data-direction'), 'outgoing');
    assert.equal(await newestCall(bob).getByTestId('history-party').textContent(), alice.uri);
    assert.equal(await newestCall(bob).getAttribute('data-direction'), 'incoming');
    assert.equal(await bob.page.getByTestId('history-missed-badge').count(), 0, 'an answered call is not missed');

    // ── Alice calls back from her history and cancels while Bob's page rings: he missed it ──
    // The note on the first call goes first, so a new note can tell that an attempt ended.
    await alice.page.getByRole('button', { name: 'Dismiss the note on the ended call' }).click();
    await callUntilRinging(alice, bob, alice.page.getByTestId('history').getByRole('button', { name: 'Call back Bob' }).first());
    assert.equal(await alice.page.getByTestId('call-panel').count(), 1, 'one call is placed');
    await alice.page.getByRole('button', { name: 'Hang up', exact: true }).click();
    await alice.page.getByTestId('call-panel').waitFor({ state: 'detached', timeout: STEP_WAIT_MS });
    await bob.page.getByTestId('ringing-panel').waitFor({ state: 'detached', timeout: STEP_WAIT_MS });
    await newestCall(bob).getByTestId('history-outcome').filter({ hasText: 'Missed' }).waitFor({ timeout: STEP_WAIT_MS });
    await newestCall(alice).getByTestId('history-outcome').filter({ hasText: 'No answer' }).waitFor({ timeout: STEP_WAIT_MS });
    const badge = bob.page.getByTestId('history-missed-badge');
    await badge.waitFor({ timeout: STEP_WAIT_MS });
    assert.match((await badge.textContent()) ?? '', /^1 missed/);
    assert.equal(await bob.page.getByTestId('header-missed').isVisible(), true, 'the header shows the missed call too');
    await bob.page.mouse.move(1, 1);
    await bob.page.getByTestId('history').screenshot({ path: join(SCREENSHOTS, 'history-missed-call.png') });

    // ── Bob opens the history from the header: the badges go ──
    await bob.page.getByTestId('header-missed').click();
    await badge.waitFor({ state: 'detached', timeout: STEP_WAIT_MS });
    await bob.page.getByTestId('header-missed').waitFor({ state: 'detached', timeout: STEP_WAIT_MS });
    assert.equal(await bob.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'history', 'the focus is on the history');

    // ── Alice opens the settings from the keyboard; Escape closes them and gives the focus back ──
    await alice.page.getByTestId('open-settings').focus();
    await alice.page.keyboard.press('Enter');
    const dialog = alice.page.getByTestId('settings-dialog');
    await dialog.waitFor({ timeout: STEP_WAIT_MS });
    await dialog.locator('[data-testid="settings-input"], [data-testid="settings-devices-error"]').first().waitFor({ timeout: STEP_WAIT_MS });
    const buddiesOnly = dialog.getByTestId('settings-buddies-only');
    await alice.page.waitForFunction(() => !(document.querySelector('[data-testid="settings-buddies-only"]') as HTMLInputElement | null)?.disabled, undefined, {
      timeout: STEP_WAIT_MS,
    });
    assert.equal(await buddiesOnly.isChecked(), false);
    await buddiesOnly.check();
    await dialog.getByText('Saved.').waitFor({ timeout: STEP_WAIT_MS });
    assert.equal(await buddiesOnly.isChecked(), true, 'the switch stays on once the core saved it');
    await alice.page.mouse.move(1, 1);
    await alice.page.evaluate(() => window.scrollTo(0, 0));
    await alice.page.screenshot({ path: join(SCREENSHOTS, 'settings-dialog.png') });
    await buddiesOnly.uncheck();
    await alice.page.waitForFunction(() => (document.querySelector('[data-testid="settings-buddies-only"]') as HTMLInputElement | null)?.getAttribute('aria-busy') === 'false');
    await alice.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: STEP_WAIT_MS });
    assert.equal(await alice.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'open-settings');

    await alice.page.evaluate(() => window.scrollTo(0, 0));
    await alice.page.screenshot({ path: join(SCREENSHOTS, 'buddies-history-alice.png'), fullPage: true });

    // ── Alice clears her history, after a confirm ──
    await alice.page.getByTestId('history').getByRole('button', { name: 'Clear history' }).click();
    await alice.page.getByTestId('history-clear-confirm').getByRole('button', { name: 'Clear', exact: true }).click();
    await alice.page.getByTestId('history-empty').waitFor({ timeout: STEP_WAIT_MS });

    assert.deepEqual(alice.faults, [], "no console error, script error or failed request on Alice's page");
    assert.deepEqual(bob.faults, [], "no console error, script error or failed request on Bob's page");
  },
);
