/**
 * Issue 5's acceptance, with the real `parley` program: two `parley serve` processes on a
 * `parley bootstrap` network call each other by URI (one places the call through its HTTP API,
 * as its UI would) and each records the other's tone; and `parley call` calls a Parley address
 * from its own profile, reporting each phase with its time.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ParleyProcess, startPrivateDht } from '../helpers/parley-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../helpers/tone-files.js';

type ApiCall = (command: string, args: Record<string, unknown>) => Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }>;

function apiOf(ready: Record<string, unknown>): ApiCall {
  const url = new URL(String(ready['ui']));
  const token = url.searchParams.get('token') ?? '';
  return async (command, args) => {
    const response = await fetch(new URL(`/api/${command}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(args),
    });
    return (await response.json()) as Awaited<ReturnType<ApiCall>>;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('parley serve ↔ parley serve, by URI over a parley bootstrap network', () => {
  let dir = '';
  let dht: Awaited<ReturnType<typeof startPrivateDht>>;
  const processes: ParleyProcess[] = [];

  before(async () => {
    dir = await tempDir('parley-p2p-serve');
    writeToneWav(join(dir, 'a440.wav'), 440, 30);
    writeToneWav(join(dir, 'b1000.wav'), 1000, 30);
    writeToneWav(join(dir, 'c660.wav'), 660, 4);
    dht = await startPrivateDht(20);
  });
  after(async () => {
    await Promise.all(processes.map((process) => process.stop()));
    await dht?.process.stop();
  });

  function serve(name: string, play: string): ParleyProcess {
    const process = new ParleyProcess([
      'serve', '--data', join(dir, name), '--bootstrap', dht.bootstrap, '--ui', '127.0.0.1:0', '--auto-answer',
      '--play', join(dir, play), '--record', join(dir, `heard-by-${name}.wav`), '--json',
    ]);
    processes.push(process);
    return process;
  }

  test('Alice’s serve calls Bob’s serve by his URI through its API; each hears the other', { timeout: 90_000 }, async () => {
    const alice = serve('alice', 'a440.wav');
    const bob = serve('bob', 'b1000.wav');
    const [aliceReady, bobReady] = await Promise.all([alice.waitFor((e) => e['event'] === 'ready'), bob.waitFor((e) => e['event'] === 'ready')]);
    const api = apiOf(aliceReady);
    const bobUri = String(bobReady['uri']);
    // Bob's device registers on the DHT a moment after he starts: until then a call gets 480.
    let callId = '';
    for (let attempt = 0; attempt < 30 && callId === ''; attempt++) {
      const placed = await api('placeCall', { uri: bobUri });
      assert.ok(placed.ok, placed.error?.message);
      const id = String(placed.value?.['callId']);
      const outcome = await alice.waitFor((e) => e['callId'] === id && (e['event'] === 'established' || e['event'] === 'ended'), 30_000);
      if (outcome['event'] === 'established') callId = id;
      else await sleep(500);
    }
    assert.ok(callId !== '', 'Alice reached Bob');
    const bobIn = await bob.waitFor((e) => e['event'] === 'established');
    assert.equal(bobIn['from'], aliceReady['uri'], 'Bob sees Alice’s address');
    await sleep(4000);
    assert.deepEqual(await api('hangUp', { callId }), { ok: true, value: { callId } });
    const [aliceEnded, bobEnded] = await Promise.all([
      alice.waitFor((e) => e['event'] === 'ended' && e['callId'] === callId),
      bob.waitFor((e) => e['event'] === 'ended' && e['callId'] === bobIn['callId']),
    ]);
    assert.equal(bobEnded['reason'], 'hangup by caller');
    assert.ok(middleToneRatio(String(aliceEnded['record']), 1000) >= 0.7, 'Alice heard Bob’s 1000 Hz');
    assert.ok(middleToneRatio(String(bobEnded['record']), 440) >= 0.7, 'Bob heard Alice’s 440 Hz');
  });

  test('parley call reaches a serve by URI and reports lookup, connecting, ringing and established with times', { timeout: 90_000 }, async () => {
    const carol = serve('carol', 'b1000.wav');
    const carolReady = await carol.waitFor((e) => e['event'] === 'ready');
    let exit: number | null = null;
    let call: ParleyProcess | undefined;
    for (let attempt = 0; attempt < 10 && exit !== 0; attempt++) {
      call = new ParleyProcess(['call', String(carolReady['uri']), '--data', join(dir, 'dan'), '--bootstrap', dht.bootstrap, '--play', join(dir, 'c660.wav'), '--record', join(dir, 'heard-by-dan.wav'), '--json']);
      exit = await Promise.race([call.exited, sleep(60_000).then(() => null)]);
      if (exit === null) await call.stop();
    }
    assert.ok(call);
    assert.equal(exit, 0, call.stderr);
    const phases = call.events.map((e) => String(e['event']));
    for (const phase of ['joining', 'calling', 'lookup', 'connecting', 'ringing', 'established', 'ended']) assert.ok(phases.includes(phase), `${phase} is reported`);
    const times = call.events.map((e) => Number(e['at']));
    assert.ok(times.every((at, i) => Number.isFinite(at) && (i === 0 || at >= (times[i - 1] ?? 0))), 'each event has its time, in order');
    assert.ok(middleToneRatio(join(dir, 'heard-by-dan.wav'), 1000) >= 0.7, 'the caller heard Carol');
    const carolEnded = await carol.waitFor((e) => e['event'] === 'ended');
    assert.ok(middleToneRatio(String(carolEnded['record']), 660) >= 0.7, 'Carol heard the caller');
  });
});
