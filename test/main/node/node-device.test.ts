import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '../../../src/main/clock.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { DeviceDirectory } from '../../../src/main/p2p/device-directory.js';
import { DhtNode } from '../../../src/main/p2p/dht-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { eventually } from '../../helpers/eventually.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** A node registers its device on the DHT as it starts, the way a SIP phone REGISTERs. */

describe('a node’s device on the DHT', () => {
  let network: PrivateNetwork;
  let observer: DhtNode;
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 5 });
    observer = new DhtNode({ bootstrap: [network.bootstrap] });
    await observer.ready();
  });
  after(async () => {
    await observer?.close();
    await network?.close();
  });

  test('joins the identity’s signed device list once, announces itself, and is gone after it stops', { timeout: 60_000 }, async () => {
    const dataDir = await tempDir('parley-node-device');
    const directory = new DeviceDirectory({ dht: observer.dht, clock: systemClock, cacheTtlMs: 0 });
    const first = await ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser' });
    const identity = first.profile.identity.publicKey;
    const deviceKey = first.device.keyPair.publicKey;
    try {
      const found = await eventually('the device is found by a lookup of its identity', async () => {
        const lookup = await directory.lookup(identity, { fresh: true });
        return lookup.ok && lookup.devices.some((device) => device.publicKey.equals(deviceKey)) ? lookup : undefined;
      });
      assert.equal(found.ok && found.list.devices.length, 1);
    } finally {
      await first.close();
    }
    const afterStop = await directory.lookup(identity, { fresh: true });
    assert.ok(afterStop.ok, 'the list stays stored while the device is offline');
    assert.equal(afterStop.devices.length, 0, 'an offline device is not announced');

    const second = await ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser' });
    try {
      assert.ok(second.device.keyPair.publicKey.equals(deviceKey), 'the device key survives a restart');
      const again = await eventually('the restarted device is announced again', async () => {
        const lookup = await directory.lookup(identity, { fresh: true });
        return lookup.ok && lookup.devices.length === 1 ? lookup : undefined;
      });
      assert.equal(again.ok && again.list.seq, 1, 'a restart does not republish a list that already names the device');
    } finally {
      await second.close();
    }
  });

  test('a corrupt device file stops the node with a code, and the profile is not left locked', async () => {
    const dataDir = await tempDir('parley-node-device');
    const node = await ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser' });
    await node.close();
    await writeFile(join(dataDir, 'device.json'), '{"format":"parley-device"');
    await assert.rejects(ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser' }), (error: unknown) => (error as { code?: string }).code === 'PROFILE_DEVICE_CORRUPT');
    await assert.rejects(ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser' }), (error: unknown) => (error as { code?: string }).code === 'PROFILE_DEVICE_CORRUPT', 'still the device file, not a stale lock');
  });
});
