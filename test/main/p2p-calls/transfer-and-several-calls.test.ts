import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { addressOfRecord } from '../../../src/main/identity/address-of-record.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import type { CallStatisticsView as CallStatistics, CallView, EventName } from '../../../src/shared/api-contract.js';
import { command, nextApiEvent } from '../../helpers/node-api.js';
import { nextCallEvent, registered } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../../helpers/tone-files.js';

/**
 * Blind transfer and several calls at once between three Parley nodes on a private DHT, driven
 * through the typed API as a UI drives them: Alice plays 440 Hz, Carol 1000 Hz.
 */

const calls = (node: ParleyNode): Promise<CallView[]> => command(node, 'listCalls', {});
const statistics = (node: ParleyNode, callId: string): Promise<CallStatistics> => command(node, 'getCallStatistics', { callId });
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('transfer and several calls between Parley nodes', () => {
  let network: PrivateNetwork;
  let alice: ParleyNode;
  let bob: ParleyNode;
  let carol: ParleyNode;
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 5 });
    const dir = await tempDir('parley-transfer');
    const audio = (name: string, hz: number) =>
      fileCallAudio({ play: writeToneWav(join(dir, `${name}.wav`), hz, 30), record: join(dir, `${name}-heard.wav`), numberRecordings: true, endCallWhenSourceEnds: false });
    const start = (name: string, autoAnswer: boolean, hz: number): Promise<ParleyNode> =>
      ParleyNode.start({ dataDir: join(dir, name), bootstrap: [network.bootstrap], shell: 'browser', calls: { autoAnswer, audio: audio(name, hz) } });
    [alice, bob, carol] = await Promise.all([start('alice', false, 440), start('bob', true, 700), start('carol', true, 1000)]);
    await Promise.all([registered(alice), registered(bob), registered(carol)]);
  });
  after(async () => {
    await Promise.all([alice, bob, carol].map((node) => node?.close()));
    await network?.close();
  });

  /** Alice calls Bob (who answers by himself): both views, once established on both sides. */
  async function aliceCallsBob(): Promise<{ aliceView: CallView; bobView: CallView }> {
    const bobUp = nextApiEvent(bob, 'callUpdated', (view) => view.state === 'established');
    const placed = await command(alice, 'placeCall', { uri: bob.uri });
    const aliceView = await nextApiEvent(alice, 'callUpdated', (view) => view.callId === placed.callId && view.state === 'established');
    return { aliceView, bobView: await bobUp };
  }

  async function hangUpAll(): Promise<void> {
    for (const node of [alice, bob, carol]) {
      for (const view of await calls(node)) {
        const ended = nextApiEvent(node, 'callEnded', (event) => event.callId === view.callId);
        await command(node, 'hangUp', { callId: view.callId });
        await ended;
      }
    }
    // The other ends' BYEs have landed once every node lists no call.
    for (let tries = 0; (await Promise.all([alice, bob, carol].map(calls))).some((list) => list.length > 0); tries++) {
      assert.ok(tries < 100, 'every call ended');
      await pause(50);
    }
  }

  test('Bob transfers Alice to Carol: Carol’s call from Alice is established on both ends, Bob’s ends “transferred to …”, and they hear each other', { timeout: 120_000 }, async () => {
    const { aliceView, bobView } = await aliceCallsBob();
    assert.equal(bobView.remoteDisplayName, alice.profile.settings.displayName, 'Bob sees the name Alice gave in From');
    assert.equal(aliceView.remoteDisplayName, null, 'a dialled address carries no name');

    const bobEnded = nextApiEvent(bob, 'callEnded', (event) => event.callId === bobView.callId);
    const aliceOriginalEnded = nextApiEvent(alice, 'callEnded', (event) => event.callId === aliceView.callId);
    const aliceToCarol = nextApiEvent(alice, 'callUpdated', (view) => view.remoteUri === carol.uri && view.state === 'established');
    const carolFromAlice = nextCallEvent(carol, 'callEstablished', (event) => event.from === alice.uri, 60_000);
    assert.deepEqual(await command(bob, 'transferCall', { callId: bobView.callId, uri: carol.uri }), { callId: bobView.callId });

    assert.equal((await bobEnded).reason, `transferred to ${carol.uri}`);
    assert.equal((await aliceOriginalEnded).reason, 'transferred by the other party');
    const transferred = await aliceToCarol;
    assert.equal(transferred.direction, 'outgoing');
    const incoming = await carolFromAlice;
    assert.deepEqual((await calls(alice)).map((view) => [view.callId, view.state]), [[transferred.callId, 'established']], 'Alice is left with the call to Carol only');
    assert.deepEqual(await calls(bob), []);

    // A few seconds of audio each way, then Alice hangs up.
    await nextApiEvent(carol, 'callStatisticsUpdated', (event) => event.callId === incoming.callId && event.statistics.packetsReceived > 150, 30_000);
    const aliceHeard = nextCallEvent(alice, 'callEnded', (event) => event.callId === transferred.callId);
    const carolHeard = nextCallEvent(carol, 'callEnded', (event) => event.callId === incoming.callId);
    await command(alice, 'hangUp', { callId: transferred.callId });
    const [aliceEnd, carolEnd] = await Promise.all([aliceHeard, carolHeard]);
    assert.ok((carolEnd.statistics?.packetsReceived ?? 0) > 150, 'RTP flowed from Alice to Carol');
    assert.ok(aliceEnd.record && carolEnd.record, 'both calls were recorded');
    assert.ok(middleToneRatio(carolEnd.record, 440) >= 0.7, 'Carol heard Alice’s 440 Hz');
    assert.ok(middleToneRatio(aliceEnd.record, 1000) >= 0.7, 'Alice heard Carol’s 1000 Hz');
    await hangUpAll();
  });

  test('a transfer to an address with no device online fails: Alice and Bob stay in their call, and Bob’s side comes off hold', { timeout: 120_000 }, async () => {
    const { aliceView, bobView } = await aliceCallsBob();
    const nobody = addressOfRecord(keyPairFromSeed(generateSeed()).publicKey);
    const bobHolds: boolean[] = [];
    const off = bob.api.onEvent((event: EventName, payload: unknown) => {
      if (event === 'callUpdated' && (payload as CallView).callId === bobView.callId) bobHolds.push((payload as CallView).localHold);
    });
    const attempt = nextApiEvent(alice, 'callEnded', (event) => event.callId !== aliceView.callId, 60_000);
    assert.deepEqual(await command(bob, 'transferCall', { callId: bobView.callId, uri: nobody }), { callId: bobView.callId }, 'Alice accepted the REFER');
    const failed = await attempt;
    assert.equal(failed.status, 480, 'Alice’s call to the offline address ended with 480');
    for (let tries = 0; bobHolds.at(-1) !== false || !bobHolds.includes(true); tries++) {
      assert.ok(tries < 200, `Bob’s call was held and resumed (hold states seen: ${bobHolds.join(', ')})`);
      await pause(50);
    }
    off();
    const [aliceCalls, bobCalls] = await Promise.all([calls(alice), calls(bob)]);
    assert.deepEqual(
      aliceCalls.map((view) => [view.callId, view.state, view.localHold, view.remoteHold]),
      [[aliceView.callId, 'established', false, false]],
    );
    assert.deepEqual(
      bobCalls.map((view) => [view.callId, view.state, view.localHold]),
      [[bobView.callId, 'established', false]],
    );
    await hangUpAll();
  });

  test('Alice in a call with Bob answers Carol: Bob is put on hold (no RTP reaches him); resuming Bob puts Carol on hold', { timeout: 120_000 }, async () => {
    const { aliceView: withBob, bobView } = await aliceCallsBob();
    const ringing = nextApiEvent(alice, 'callUpdated', (view) => view.direction === 'incoming' && view.remoteUri === carol.uri);
    await command(carol, 'placeCall', { uri: alice.uri });
    const fromCarol = await ringing;
    assert.equal(fromCarol.remoteDisplayName, carol.profile.settings.displayName);
    const carolUp = nextApiEvent(alice, 'callUpdated', (view) => view.callId === fromCarol.callId && view.state === 'established');
    await command(alice, 'answerCall', { callId: fromCarol.callId });
    await carolUp;

    const holds = async (): Promise<Record<string, boolean>> => Object.fromEntries((await calls(alice)).map((view) => [view.callId, view.localHold]));
    assert.deepEqual(await holds(), { [withBob.callId]: true, [fromCarol.callId]: false }, 'one active call: Carol’s');
    assert.equal((await calls(bob))[0]?.remoteHold, true, 'Bob is told he is on hold');
    const before = await statistics(bob, bobView.callId);
    await pause(1500);
    const held = await statistics(bob, bobView.callId);
    assert.ok(held.packetsReceived - before.packetsReceived <= 5, `no RTP reaches Bob while he is held (${held.packetsReceived - before.packetsReceived} packets)`);

    const resumed = await command(alice, 'resumeCall', { callId: withBob.callId });
    assert.equal(resumed.localHold, false);
    assert.deepEqual(await holds(), { [withBob.callId]: false, [fromCarol.callId]: true }, 'swapped: Carol is held now');
    await pause(1500);
    const back = await statistics(bob, bobView.callId);
    assert.ok(back.packetsReceived - held.packetsReceived > 30, `Alice’s audio reaches Bob again (${back.packetsReceived - held.packetsReceived} packets)`);

    // Bob hangs up the active call: Carol's stays held until Alice resumes it.
    const bobGone = nextApiEvent(alice, 'callEnded', (event) => event.callId === withBob.callId);
    await command(bob, 'hangUp', { callId: bobView.callId });
    await bobGone;
    await pause(300);
    assert.deepEqual(await holds(), { [fromCarol.callId]: true }, 'a call ending leaves the held one held');
    await hangUpAll();
  });
});
