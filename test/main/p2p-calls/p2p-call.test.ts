import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileCallAudio } from '../../../src/main/call/call-audio.js';
import { P2pEndpoint } from '../../../src/main/call/p2p-endpoint.js';
import { systemClock } from '../../../src/main/clock.js';
import { generateSeed, keyPairFromSeed } from '../../../src/main/identity/identity-key-pair.js';
import { exportIdentityCode } from '../../../src/main/identity/identity-transfer-code.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { DeviceDirectory } from '../../../src/main/p2p/device-directory.js';
import { encodeDeviceList } from '../../../src/main/p2p/device-list-record.js';
import { DeviceListStore } from '../../../src/main/p2p/device-list-store.js';
import { DhtNode } from '../../../src/main/p2p/dht-node.js';
import { importIdentityIntoProfile } from '../../../src/main/profile/identity-import.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { nextCallEvent, registered } from '../../helpers/p2p-nodes.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { middleToneRatio, writeToneWav } from '../../helpers/tone-files.js';

/** Calls by URI between Parley nodes on a private DHT of 20 nodes on 127.0.0.1 (issue 5). */

describe('P2P calls by URI on a private DHT', () => {
  let network: PrivateNetwork;
  let dir = '';
  const nodes: ParleyNode[] = [];
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 20 });
    dir = await tempDir('parley-p2p');
    writeToneWav(join(dir, 'a440.wav'), 440, 5);
    writeToneWav(join(dir, 'b1000.wav'), 1000, 30);
  });
  after(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await network?.close();
  });

  async function start(name: string, calls: Parameters<typeof ParleyNode.start>[0]['calls']): Promise<ParleyNode> {
    const node = await ParleyNode.start({ dataDir: join(dir, name), bootstrap: [network.bootstrap], shell: 'browser', ...(calls ? { calls } : {}) });
    nodes.push(node);
    return node;
  }

  test('Alice calls Bob by his URI: both hear the other’s tone, over the encrypted peer connection', { timeout: 90_000 }, async () => {
    const bob = await start('bob', { autoAnswer: true, audio: fileCallAudio({ play: join(dir, 'b1000.wav'), record: join(dir, 'bob-heard.wav'), numberRecordings: false, endCallWhenSourceEnds: false }) });
    const alice = await start('alice', undefined);
    await Promise.all([registered(bob), registered(alice)]);
    const phases: string[] = [];
    alice.p2p.on('callProgress', ({ phase }) => phases.push(phase));
    alice.p2p.on('callRinging', () => phases.push('ringing'));
    // The UI shows the same phases: each is a callUpdated view of the call in setup.
    const shown: string[] = [];
    alice.api.on('callUpdated', (view) => {
      if (view.state === 'setup' && shown.at(-1) !== view.setupPhase) shown.push(view.setupPhase);
    });
    const bobAnswered = nextCallEvent(bob, 'callEstablished');
    const call = alice.p2p.call(bob.uri, fileCallAudio({ play: join(dir, 'a440.wav'), record: join(dir, 'alice-heard.wav'), numberRecordings: false, endCallWhenSourceEnds: true })({ callId: '', direction: 'outgoing', ordinal: 1 }));
    const established = await nextCallEvent(alice, 'callEstablished');
    phases.push('established');
    assert.equal(established.codec, 'opus/48000');
    const incoming = await bobAnswered;
    assert.equal(incoming.from, alice.uri, 'Bob sees Alice’s self-certifying address');
    const [aliceEnded, bobEnded] = await Promise.all([nextCallEvent(alice, 'callEnded', (e) => e.callId === call.callId), nextCallEvent(bob, 'callEnded')]);
    assert.equal(aliceEnded.reason, 'played to the end');
    assert.equal(bobEnded.reason, 'hangup by caller');
    assert.deepEqual(phases.filter((phase, index) => phases.indexOf(phase) === index), ['lookup', 'connecting', 'ringing', 'established']);
    assert.deepEqual(shown, ['calling', 'lookup', 'connecting', 'ringing'], 'the call view went through every phase');
    assert.ok(middleToneRatio(join(dir, 'bob-heard.wav'), 440) >= 0.7, 'Bob heard Alice’s 440 Hz');
    assert.ok(middleToneRatio(join(dir, 'alice-heard.wav'), 1000) >= 0.7, 'Alice heard Bob’s 1000 Hz');

    // A second call while the connection is warm reuses it: no new connection, no lookup to wait for.
    const connections = alice.p2p.connector.connections.length;
    const again = alice.p2p.call(bob.uri);
    await nextCallEvent(alice, 'callEstablished', (e) => e.callId === again.callId);
    assert.equal(alice.p2p.connector.connections.length, connections, 'the warm connection carried the second call');
    again.hangUp();
  });

  test('a device that is not on the caller’s signed list cannot call as that caller: 403', { timeout: 60_000 }, async () => {
    const bob = await start('bob-403', { autoAnswer: true });
    const alice = await start('alice-403', undefined);
    const mallory = await start('mallory', undefined);
    await Promise.all([registered(bob), registered(alice), registered(mallory)]);
    // Mallory's second device: on Mallory's own signed list, so it is a real device, of another identity.
    const forgedDevice = keyPairFromSeed(generateSeed());
    const added = await mallory.device.store.addDevice(mallory.profile.identity, { publicKey: forgedDevice.publicKey, name: 'forger', addedAt: Date.now() });
    assert.ok(added.ok, 'the forger is a listed device of Mallory');
    const dht = new DhtNode({ bootstrap: [network.bootstrap] });
    const forger = await P2pEndpoint.start({
      dht: dht.dht,
      // Alice's public key as the address it claims; it never had her secret.
      identity: { publicKey: alice.profile.identity.publicKey, secretKey: Buffer.alloc(64) },
      device: forgedDevice,
      directory: new DeviceDirectory({ dht: dht.dht, clock: systemClock }),
      store: new DeviceListStore(dht.dht),
      autoAnswer: false,
      displayName: 'Alice (not really)',
      product: 'forger',
      // It even presents a genuine signed list that names it: Mallory's, not Alice's.
      ownDeviceList: () => (added.ok ? encodeDeviceList(mallory.profile.identity, { seq: added.list.seq, devices: added.list.devices }) : undefined),
    });
    try {
      assert.equal(forger.aor, alice.uri, 'the forger claims Alice’s address in From');
      const refused = nextCallEvent(bob, 'callEnded', (e) => e.status === 403);
      const call = forger.call(bob.uri);
      const ended = await new Promise<{ status?: number; reason: string }>((resolve) => call.on('ended', resolve));
      assert.equal(ended.status, 403);
      assert.match((await refused).reason, /not on the caller identity's device list/);
    } finally {
      await forger.close();
      await dht.close();
    }
  });

  test('the callee offline: 480 within seconds; back online, the next call works', { timeout: 90_000 }, async () => {
    const dataDir = join(dir, 'carol');
    let carol = await ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser', calls: { autoAnswer: true } });
    const dave = await start('dave', { autoAnswer: false, audio: fileCallAudio({ play: join(dir, 'a440.wav'), numberRecordings: false, endCallWhenSourceEnds: true }) });
    await Promise.all([registered(carol), registered(dave)]);
    const uri = carol.uri;
    await carol.close();
    const started = Date.now();
    const call = dave.p2p.call(uri);
    const offline = await new Promise<{ status?: number; reason: string }>((resolve) => call.on('ended', resolve));
    const elapsed = Date.now() - started;
    assert.equal(offline.status, 480);
    assert.match(offline.reason, /offline/);
    assert.ok(elapsed < 10_000, `480 came after ${elapsed} ms`);

    carol = await ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser', calls: { autoAnswer: true } });
    nodes.push(carol);
    await registered(carol);
    const again = dave.p2p.call(uri);
    await nextCallEvent(dave, 'callEstablished', (e) => e.callId === again.callId);
    again.hangUp();
  });

  test('with 10 % of the datagrams lost each way the call stays up and each side hears the other in ≥ 90 % of windows', { timeout: 90_000 }, async () => {
    const loss = (seed: number) => ({ lossRate: 0.1, lossSeed: seed });
    const erin = await start('erin', { autoAnswer: true, mediaTuning: loss(3), audio: fileCallAudio({ play: join(dir, 'b1000.wav'), record: join(dir, 'erin-heard.wav'), numberRecordings: false, endCallWhenSourceEnds: false }) });
    const frank = await start('frank', { autoAnswer: false, mediaTuning: loss(5) });
    await Promise.all([registered(erin), registered(frank)]);
    writeToneWav(join(dir, 'a440-8s.wav'), 440, 8);
    const call = frank.p2p.call(erin.uri, fileCallAudio({ play: join(dir, 'a440-8s.wav'), record: join(dir, 'frank-heard.wav'), numberRecordings: false, endCallWhenSourceEnds: true })({ callId: '', direction: 'outgoing', ordinal: 1 }));
    const erinEnded = nextCallEvent(erin, 'callEnded', () => true, 40_000);
    const ended = await nextCallEvent(frank, 'callEnded', (e) => e.callId === call.callId, 40_000);
    assert.equal(ended.reason, 'played to the end', 'the call lasted the whole file');
    assert.equal((await erinEnded).reason, 'hangup by caller', 'Erin’s recording is complete once her side ended');
    assert.ok(ended.statistics && ended.statistics.lossFraction > 0.05 && ended.statistics.lossFraction < 0.16, `about 10 % lost: ${ended.statistics?.lossFraction}`);
    const heardByErin = middleToneRatio(join(dir, 'erin-heard.wav'), 440);
    const heardByFrank = middleToneRatio(join(dir, 'frank-heard.wav'), 1000);
    assert.ok(heardByErin >= 0.9, `Erin heard 440 Hz in ${(heardByErin * 100).toFixed(0)} % of windows`);
    assert.ok(heardByFrank >= 0.9, `Frank heard 1000 Hz in ${(heardByFrank * 100).toFixed(0)} % of windows`);
  });

  test('two devices of one identity both ring; the one that answers gets the call, the other stops ringing', { timeout: 90_000 }, async () => {
    const laptop = await start('gina-laptop', { autoAnswer: false });
    const code = await exportIdentityCode(laptop.profile.identity, 'correct horse battery');
    const imported = await importIdentityIntoProfile(join(dir, 'gina-phone'), code, 'correct horse battery');
    assert.ok(imported.ok);
    const phone = await start('gina-phone', { autoAnswer: false });
    assert.equal(phone.uri, laptop.uri, 'one identity, two devices');
    const caller = await start('hank', { autoAnswer: false });
    await Promise.all([registered(laptop, 2), registered(caller)]);
    const laptopRings = nextCallEvent(laptop, 'callAdded');
    const phoneRings = nextCallEvent(phone, 'callAdded');
    const call = caller.p2p.call(laptop.uri);
    const [onLaptop, onPhone] = await Promise.all([laptopRings, phoneRings]);
    assert.deepEqual([onLaptop.call.state, onPhone.call.state], ['setup', 'setup'], 'both devices ring');
    const laptopStops = nextCallEvent(laptop, 'callEnded');
    const established = nextCallEvent(caller, 'callEstablished', (e) => e.callId === call.callId);
    await phone.p2p.answerCall(onPhone.call.callId);
    await established;
    assert.match((await laptopStops).reason, /^missed/, 'the laptop stops ringing');
    assert.equal(onPhone.call.state, 'established');
    call.hangUp();
  });

  test('buddies only: a stranger’s device is refused before any SIP, a buddy’s call gets through', { timeout: 90_000 }, async () => {
    const ivy = await start('ivy', { autoAnswer: true });
    const jack = await start('jack', undefined);
    const kim = await start('kim', undefined);
    await Promise.all([registered(ivy), registered(jack), registered(kim)]);
    assert.deepEqual(await ivy.api.dispatch('setPrivacy', { buddiesOnly: true }), { ok: true, value: { buddiesOnly: true } });
    const added = await ivy.api.dispatch('addContact', { uri: jack.uri, displayName: 'Jack' });
    assert.ok(added.ok);
    const reachedSip: string[] = [];
    ivy.p2p.on('callIncoming', ({ from }) => reachedSip.push(from));

    const stranger = kim.p2p.call(ivy.uri);
    const refused = await new Promise<{ status?: number; reason: string }>((resolve) => stranger.on('ended', resolve));
    assert.equal(refused.status, 408, refused.reason);
    assert.match(refused.reason, /unreachable/);
    assert.deepEqual(reachedSip, [], 'the stranger never reached Ivy’s SIP layer');

    const buddy = jack.p2p.call(ivy.uri);
    await nextCallEvent(jack, 'callEstablished', (e) => e.callId === buddy.callId, 30_000);
    assert.deepEqual(reachedSip, [jack.uri]);
    buddy.hangUp();
  });
});
