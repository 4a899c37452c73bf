/**
 * A conference between three people, each in their own page on their own `parley serve` node on
 * one private DHT (issue 7, "Tests"): Alice hosts one from her page, Bob and Carol join by
 * pasting its address, and all three pages show the roster with everyone's name. Each node
 * plays beeps as its microphone (`--play`), so the speaking indicators come and go. Alice
 * mutes Bob and every page shows it; Alice ends the conference and the other pages say so.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { writeWav } from '../../src/main/media/audio/index.js';
import { Profile } from '../../src/main/profile/profile.js';
import { CHROMIUM, CHROMIUM_ARGS, ONLINE_WAIT_MS, openPage, SCREENSHOTS, STEP_WAIT_MS, type Party, type ServedNode } from '../helpers/e2e-parties.js';
import { ParleyProcess, startPrivateDht } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const processes: ParleyProcess[] = [];
let browser: Browser | undefined;

after(async () => {
  await browser?.close().catch(() => {});
  for (const parley of processes.reverse()) await parley.stop();
});

/** Bounds, not figures: joining looks the record up in the DHT, connects to the focus and subscribes to the roster. */
const JOIN_WAIT_MS = 30_000;
/** A speaking indicator follows the mixer's loudest-speaker choice, told by NOTIFY to members. */
const SPEAKING_WAIT_MS = 15_000;
const RATE = 48000;
const NAMES = ['Alice', 'Bob', 'Carol'] as const;
type Name = (typeof NAMES)[number];
const TONES: Record<Name, number> = { Alice: 440, Bob: 700, Carol: 1100 };

/** Beeps of `frequency`: 1.2 s on, 2.8 s off, for `seconds`, so a member speaks and falls silent again. */
function writeBeeps(path: string, frequency: number, seconds: number): string {
  const samples = new Int16Array(RATE * seconds);
  for (let n = 0; n < samples.length; n++) if (n % (4 * RATE) < 1.2 * RATE) samples[n] = Math.round(0.4 * 32767 * Math.sin((2 * Math.PI * frequency * n) / RATE));
  writeFileSync(path, writeWav(samples, RATE));
  return path;
}

/**
 * `parley serve` for `name`, its microphone a file of beeps. The display name is set in the
 * profile before the node starts: a node puts the name it started with in the From of its calls
 * (renamed in the page, the roster would show the old name until the node restarts).
 */
async function serveWithBeeps(name: Name, bootstrap: string, dir: string): Promise<ServedNode> {
  const play = writeBeeps(join(dir, `${name}.wav`), TONES[name], 120);
  await (await Profile.open(join(dir, name))).updateSettings({ displayName: name });
  const node = new ParleyProcess(['serve', '--data', join(dir, name), '--bootstrap', bootstrap, '--ui', '127.0.0.1:0', '--play', play, '--json']);
  processes.push(node);
  const ready = await node.waitFor((line) => line['event'] === 'ready', 20_000);
  return { name, node, uri: String(ready['uri']), ui: String(ready['ui']) };
}

function card(party: Party, uri: string): Locator {
  return party.page.locator(`[data-testid="conference-card"][data-conference-uri="${uri}"]`);
}

function memberRow(party: Party, uri: string, name: Name): Locator {
  return card(party, uri).getByTestId('conference-member').filter({ has: party.page.getByTestId('conference-member-name').filter({ hasText: name }) });
}

/** The names the roster shows, without the quotes around names the members gave themselves. */
async function rosterNames(party: Party, uri: string): Promise<string[]> {
  const names = await card(party, uri).getByTestId('conference-member-name').allTextContents();
  return names.map((name) => name.replace(/[“”]/g, '').trim()).sort();
}

/** Pastes the address and joins; again if the first try found no record yet (it was just published). */
async function joinByAddress(party: Party, uri: string): Promise<void> {
  const deadline = Date.now() + JOIN_WAIT_MS;
  for (let attempt = 1; ; attempt += 1) {
    await party.page.getByTestId('conference-join-uri').fill(uri);
    await party.page.getByTestId('conference-join').click();
    const joined = await card(party, uri)
      .and(party.page.locator('[data-role="member"][data-state="active"]'))
      .waitFor({ timeout: Math.max(1, deadline - Date.now()) })
      .then(() => true)
      .catch(() => false);
    if (joined) return;
    if (Date.now() > deadline) assert.fail(`${party.name} did not get into the conference after ${attempt} attempts; node: ${party.node.stderr}`);
  }
}

async function speaking(row: Locator, value: boolean): Promise<void> {
  await row.and(row.page().locator(`[data-speaking="${String(value)}"]`)).waitFor({ timeout: SPEAKING_WAIT_MS });
}

test(
  'Alice hosts a conference, Bob and Carol join by its address; all see the roster, who speaks, a mute and the end',
  { timeout: 150_000, skip: existsSync(CHROMIUM) ? false : 'chromium not installed (apt-get install chromium)' },
  async () => {
    const dir = await tempDir('parley-e2e-conference');
    const dht = await startPrivateDht(4);
    processes.push(dht.process);
    const served = await Promise.all(NAMES.map((name) => serveWithBeeps(name, dht.bootstrap, dir)));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 15_000 });
    const parties: Party[] = [];
    for (const node of served) parties.push(await openPage(browser, node));
    const [alice, bob, carol] = parties as [Party, Party, Party];
    for (const party of parties) {
      await party.page.getByTestId('network-state').filter({ hasText: /online/i }).waitFor({ timeout: ONLINE_WAIT_MS });
      assert.equal(await party.page.getByTestId('display-name').textContent(), party.name, `${party.name}'s page shows their name`);
    }

    // ── Alice hosts: "New conference" with a subject ──
    await alice.page.getByTestId('conference-subject').fill('Team sync');
    await alice.page.getByTestId('conference-new').click();
    const hosted = alice.page.locator('[data-testid="conference-card"][data-role="host"]');
    await hosted.waitFor({ timeout: JOIN_WAIT_MS });
    const uri = (await hosted.getAttribute('data-conference-uri')) ?? assert.fail('the card carries the conference URI');
    assert.match(uri, /^sip:[a-km-uw-z13-9]{52}@conference\.parley\.invalid$/);
    assert.equal(await hosted.getByTestId('conference-title').textContent(), 'Team sync');

    // ── Bob and Carol paste the address and join ──
    await joinByAddress(bob, uri);
    await joinByAddress(carol, uri);

    // ── Every page shows the three members with their names ──
    for (const party of parties) {
      await card(party, uri).getByTestId('conference-member').nth(2).waitFor({ timeout: JOIN_WAIT_MS });
      await party.page.waitForFunction((u) => document.querySelectorAll(`[data-conference-uri="${u}"] [data-testid="conference-member"]`).length === 3, uri, { timeout: STEP_WAIT_MS });
      assert.deepEqual(await rosterNames(party, uri), ['Alice', 'Bob', 'Carol'], `${party.name}'s page names everyone`);
      assert.equal(await card(party, uri).getByTestId('conference-title').textContent(), 'Team sync');
    }

    // ── The speaking indicators move: Alice's beeps come and go on Bob's page; Carol's show on Alice's ──
    await speaking(memberRow(bob, uri, 'Alice'), true);
    await speaking(memberRow(bob, uri, 'Alice'), false);
    await speaking(memberRow(alice, uri, 'Carol'), true);
    await speaking(memberRow(carol, uri, 'Bob'), true);

    // ── Alice mutes Bob: every page shows him muted ──
    await memberRow(alice, uri, 'Bob').getByTestId('member-mute').click();
    for (const party of parties) await memberRow(party, uri, 'Bob').and(party.page.locator('[data-muted="true"]')).waitFor({ timeout: STEP_WAIT_MS });

    for (const [party, file] of [
      [alice, 'conference-host.png'],
      [carol, 'conference-member.png'],
    ] as const) {
      await party.page.mouse.move(1, 1);
      await card(party, uri).screenshot({ path: join(SCREENSHOTS, file) });
    }

    // ── Alice ends the conference for everyone: the other pages say it ended ──
    await card(alice, uri).getByTestId('conference-leave').click();
    await alice.page.getByTestId('conference-end-confirm-yes').click();
    for (const party of parties) await card(party, uri).and(party.page.locator('[data-state="ended"]')).waitFor({ timeout: STEP_WAIT_MS * 2 });
    for (const party of [bob, carol]) {
      const note = (await card(party, uri).getByTestId('conference-ended').textContent()) ?? '';
      assert.match(note, /ended|host/i, `${party.name}'s page says why it ended (${note})`);
    }

    for (const party of parties) assert.deepEqual(party.faults, [], `no console error, script error or failed request on ${party.name}'s page`);
  },
);
