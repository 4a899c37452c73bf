import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio, SILENT_CALL_AUDIO } from '../../../src/main/call/call-audio.js';
import { addressOfRecord } from '../../../src/main/identity/address-of-record.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { command, nextApiEvent } from '../../helpers/node-api.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { writeToneWav } from '../../helpers/tone-files.js';

/** Calls through the typed API, as a UI drives them: two nodes speaking plain SIP on 127.0.0.1. */

describe('calls through the typed API', () => {
  let network: PrivateNetwork;
  let alice: ParleyNode;
  let bob: ParleyNode;
  let plain: ParleyNode;
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 2 });
    const dir = await tempDir('parley-node-calls');
    const tone = (name: string, hz: number): string => writeToneWav(join(dir, name), hz, 30);
    const sip = (play: string, autoAnswer: boolean) => ({
      listen: { host: '127.0.0.1', port: 0 },
      autoAnswer,
      audio: fileCallAudio({ play, numberRecordings: false, endCallWhenSourceEnds: false }),
    });
    alice = await ParleyNode.start({ dataDir: join(dir, 'alice'), bootstrap: [network.bootstrap], shell: 'browser', sip: sip(tone('a.wav', 440), false) });
    bob = await ParleyNode.start({ dataDir: join(dir, 'bob'), bootstrap: [network.bootstrap], shell: 'browser', sip: sip(tone('b.wav', 1000), true) });
    plain = await ParleyNode.start({ dataDir: join(dir, 'plain'), bootstrap: [network.bootstrap], shell: 'browser' });
  });
  after(async () => {
    await Promise.all([alice, bob, plain].map((node) => node?.close()));
    await network?.close();
  });

  test('place, hold, resume, mute, send DTMF, read statistics and hang up; both sides see each step', { timeout: 60_000 }, async () => {
    const bobAddress = bob.sip?.address ?? assert.fail('bob listens for SIP');
    const bobRings = nextApiEvent(bob, 'callUpdated');
    const aliceUp = nextApiEvent(alice, 'callUpdated', (view) => view.state === 'established');
    const placed = await command(alice, 'placeCall', { uri: `sip:bob@${bobAddress}` });
    assert.equal(placed.direction, 'outgoing');
    assert.equal(placed.state, 'setup');
    const established = await aliceUp;
    assert.equal(established.codec, 'opus/48000');
    assert.ok(established.establishedAt !== null && established.establishedAt >= established.startedAt);
    const bobView = await bobRings;
    assert.equal(bobView.direction, 'incoming');
    const listed = await command(alice, 'listCalls', {});
    assert.deepEqual(listed.map((view) => view.callId), [placed.callId]);

    await nextApiEvent(alice, 'callLevelsMeasured', (levels) => levels.callId === placed.callId && levels.output.rmsDbfs > -30);

    const bobSeesHold = nextApiEvent(bob, 'callUpdated', (view) => view.remoteHold);
    const held = await command(alice, 'holdCall', { callId: placed.callId });
    assert.equal(held.localHold, true);
    assert.equal((await bobSeesHold).callId, bobView.callId);
    const resumed = await command(alice, 'resumeCall', { callId: placed.callId });
    assert.equal(resumed.localHold, false);

    const mutedView = nextApiEvent(alice, 'callUpdated', (view) => view.muted);
    assert.deepEqual(await command(alice, 'setMuted', { muted: true }), { muted: true });
    assert.equal((await mutedView).callId, placed.callId, 'the node’s mute reaches its call');
    await command(alice, 'setMuted', { muted: false });

    const digits = Promise.all(['1', '#'].map((digit) => nextApiEvent(bob, 'dtmfReceived', (event) => event.digit === digit)));
    assert.deepEqual(await command(alice, 'sendDtmf', { callId: placed.callId, digits: '1#' }), { digits: '1#' });
    await digits;

    const statistics = await command(alice, 'getCallStatistics', { callId: placed.callId });
    assert.ok(statistics.packetsSent > 10 && statistics.packetsReceived > 10, 'live statistics count the call’s packets');
    await nextApiEvent(alice, 'callStatisticsUpdated', (event) => event.callId === placed.callId);

    const bothEnded = Promise.all([nextApiEvent(alice, 'callEnded'), nextApiEvent(bob, 'callEnded')]);
    const bothRecorded = Promise.all([nextApiEvent(alice, 'historyChanged'), nextApiEvent(bob, 'historyChanged')]);
    await command(alice, 'hangUp', { callId: placed.callId });
    const [aliceEnded, bobEnded] = await bothEnded;
    assert.equal(aliceEnded.reason, 'hangup by us');
    assert.equal(bobEnded.reason, 'hangup by caller');
    assert.ok((aliceEnded.statistics?.packetsReceived ?? 0) > 10);
    assert.deepEqual(await command(alice, 'listCalls', {}), []);

    // Both histories keep the call, answered, with how long it lasted.
    await bothRecorded;
    const aliceHistory = await command(alice, 'getHistory', {});
    assert.deepEqual(aliceHistory.entries.map(({ outcome, direction }) => ({ outcome, direction })).slice(0, 1), [{ outcome: 'answered', direction: 'outgoing' }]);
    assert.ok((aliceHistory.entries[0]?.durationMs ?? 0) > 500);
    const bobHistory = await command(bob, 'getHistory', {});
    assert.deepEqual(bobHistory.entries.map(({ outcome, direction }) => ({ outcome, direction })).slice(0, 1), [{ outcome: 'answered', direction: 'incoming' }]);
  });

  test('do not disturb turns calls away with 486, which the caller sees as busy; back online, calls get through', { timeout: 60_000 }, async () => {
    const bobAddress = bob.sip?.address ?? assert.fail('bob listens for SIP');
    assert.deepEqual(await command(bob, 'setPresence', { status: 'busy' }), { status: 'busy' });
    const busy = nextApiEvent(alice, 'callEnded', (e) => e.status === 486);
    const turnedAway = nextApiEvent(bob, 'historyChanged', (history) => history.entries[0]?.outcome === 'declined');
    await command(alice, 'placeCall', { uri: `sip:bob@${bobAddress}` });
    assert.match((await busy).reason, /rejected: 486 Busy Here/);
    assert.match((await turnedAway).entries[0]?.reason ?? '', /do not disturb/);
    assert.deepEqual(await command(bob, 'getPresence', {}), { status: 'busy' });

    await command(bob, 'setPresence', { status: 'online' });
    const up = nextApiEvent(alice, 'callUpdated', (view) => view.state === 'established');
    await command(alice, 'placeCall', { uri: `sip:bob@${bobAddress}` });
    const view = await up;
    await command(alice, 'hangUp', { callId: view.callId });
  });

  test('a call nobody answers is missed: the badge counts it until seen, and the history survives a restart', { timeout: 60_000 }, async () => {
    const dir = await tempDir('parley-node-missed');
    let carol = await ParleyNode.start({ dataDir: join(dir, 'carol'), bootstrap: [network.bootstrap], shell: 'browser', sip: { listen: { host: '127.0.0.1', port: 0 }, autoAnswer: false, audio: SILENT_CALL_AUDIO } });
    try {
      const rings = nextApiEvent(carol, 'callUpdated', (view) => view.direction === 'incoming');
      const changed = nextApiEvent(carol, 'historyChanged', (history) => history.missedUnseen === 1);
      const placed = await command(alice, 'placeCall', { uri: `sip:carol@${carol.sip?.address ?? ''}` });
      await rings;
      await command(alice, 'hangUp', { callId: placed.callId });
      const history = await changed;
      assert.equal(history.entries[0]?.outcome, 'missed');
      assert.equal(history.entries[0]?.remoteUri.startsWith('sip:'), true);
      assert.deepEqual((await command(carol, 'markHistorySeen', {})).missedUnseen, 0);
      await carol.close();
      carol = await ParleyNode.start({ dataDir: join(dir, 'carol'), bootstrap: [network.bootstrap], shell: 'browser' });
      const again = await command(carol, 'getHistory', {});
      assert.deepEqual([again.entries.map((entry) => entry.outcome), again.missedUnseen], [['missed'], 0]);
      assert.deepEqual(await command(carol, 'clearHistory', {}), { entries: [], missedUnseen: 0 });
    } finally {
      await carol.close();
    }
  });

  test('wrong arguments and impossible calls are error values a UI can show; an offline Parley address ends with 480', { timeout: 60_000 }, async () => {
    const unknown = await alice.api.dispatch('hangUp', { callId: 'no-such-call' });
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'BAD_ARGUMENT');
    const digits = await alice.api.dispatch('sendDtmf', { callId: 'x', digits: 'hello' });
    assert.equal(digits.ok ? 'ok' : digits.error.code, 'BAD_ARGUMENT');
    const offlineEnded = nextApiEvent(alice, 'callEnded', () => true, 30_000);
    const nobody = addressOfRecord(keyPairFromSeed(generateSeed()).publicKey);
    const offline = await command(alice, 'placeCall', { uri: nobody });
    const ended = await offlineEnded;
    assert.deepEqual([ended.callId, ended.status], [offline.callId, 480], 'a Parley address with no device online ends with 480');
    assert.match(ended.reason, /offline/);
    const notAnAddress = await alice.api.dispatch('placeCall', { uri: 'sip:nobody@parley.invalid' });
    assert.equal(notAnAddress.ok ? 'ok' : notAnAddress.error.code, 'BAD_ARGUMENT');
    const noIp = await alice.api.dispatch('placeCall', { uri: 'sip:bob@example.org' });
    assert.equal(noIp.ok ? 'ok' : noIp.error.code, 'BAD_ARGUMENT', 'a host name cannot be called without DNS');
    const noSip = await plain.api.dispatch('placeCall', { uri: 'sip:bob@127.0.0.1:5060' });
    assert.ok(!noSip.ok && noSip.error.code === 'UNAVAILABLE' && /--sip/.test(noSip.error.message), 'a node without --sip says how to get it');
  });

  test('a rename reaches the callee with the next call, without a restart', { timeout: 60_000 }, async () => {
    const bobAddress = bob.sip?.address ?? assert.fail('bob listens for SIP');
    await command(alice, 'setDisplayName', { displayName: 'Alice Liddell' });
    const bobSees = nextApiEvent(bob, 'callUpdated', (view) => view.direction === 'incoming');
    const placed = await command(alice, 'placeCall', { uri: `sip:bob@${bobAddress}` });
    assert.equal((await bobSees).remoteDisplayName, 'Alice Liddell');
    const ended = nextApiEvent(alice, 'callEnded', (event) => event.callId === placed.callId);
    await command(alice, 'hangUp', { callId: placed.callId });
    await ended;
  });
});
