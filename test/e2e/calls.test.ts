/**
 * A call between two people, each in their own browser tab on their own `parley serve` node,
 * on one private DHT: Alice dials Bob's address, Bob's page rings and he answers, both see the
 * call running, Alice holds and resumes and sends tones, Bob hangs up, both pages go idle.
 * Neither node has --auto-answer, so the call rings as it would for a person.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { CHROMIUM, callUntilRinging, SCREENSHOTS, startAliceAndBob, STEP_WAIT_MS, type Party } from '../helpers/e2e-parties.js';
import type { ParleyProcess } from '../helpers/parley-process.js';

const processes: ParleyProcess[] = [];
let browser: Browser | undefined;

after(async () => {
  await browser?.close().catch(() => {});
  // The nodes first, then the DHT they use.
  for (const parley of processes.reverse()) await parley.stop();
});


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

/** Alice dials Bob's address until his page rings. */
async function dialUntilRinging(alice: Party, bob: Party): Promise<void> {
  await alice.page.getByTestId('dial-address').fill(bob.uri);
  await callUntilRinging(alice, bob, alice.page.getByRole('button', { name: 'Call', exact: true }));
}

test(
  'Alice calls Bob from her page; his page rings, he answers, they hold, resume and send tones, and he hangs up',
  { timeout: 110_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async (t) => {
    const started = await startAliceAndBob(processes);
    browser = started.browser;
    const { alice, bob } = started;
    for (const party of [alice, bob]) {
      assert.equal(await party.page.getByTestId('own-uri').textContent(), party.uri, `${party.name}'s page shows the URI serve printed`);
      assert.equal(await party.page.getByTestId('calls-empty').isVisible(), true, `${party.name} starts with no calls`);
    }

    // ── Alice dials, Bob's page rings ──
    await dialUntilRinging(alice, bob);
    const ringing = bob.page.getByTestId('ringing-panel');
    assert.equal(await ringing.getByTestId('ringing-remote-uri').textContent(), alice.uri, "the ringing panel shows Alice's address");
    // Bob's page rings, so Alice's shows the phase it reached: ringing.
    await callState(alice).filter({ hasText: 'Ringing…' }).waitFor({ timeout: STEP_WAIT_MS });
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
