import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EventName } from '../../../src/shared/api-contract.js';
import { ParleyNode } from '../../../src/main/node/parley-node.js';
import { PrivateNetwork } from '../../../src/main/p2p/private-network.js';
import { isParleyError } from '../../../src/main/parley-error.js';
import { Profile } from '../../../src/main/profile/profile.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('a Parley node', () => {
  let network: PrivateNetwork;
  before(async () => {
    network = await PrivateNetwork.start({ host: '127.0.0.1', port: 0, nodes: 2 });
  });
  after(() => network.close());

  async function startNode(dataDir: string): Promise<{ node: ParleyNode; events: Array<[EventName, unknown]> }> {
    const node = await ParleyNode.start({ dataDir, bootstrap: [network.bootstrap], shell: 'browser' });
    const events: Array<[EventName, unknown]> = [];
    node.api.onEvent((name, payload) => events.push([name, payload]));
    return { node, events };
  }

  test('shows the notices of opening its profile until one UI dismisses them for all', async () => {
    const dataDir = await tempDir();
    await Profile.open(dataDir);
    await writeFile(join(dataDir, 'settings.json'), '][');
    const { node, events } = await startNode(dataDir);
    try {
      const listed = await node.api.dispatch('getNotices', {});
      assert.ok(listed.ok);
      const notices = listed.value as Array<{ id: string; code: string }>;
      const corrupt = notices.find((n) => n.code === 'PROFILE_FILE_CORRUPT');
      assert.ok(corrupt, 'the corrupt settings file is reported');
      assert.deepEqual(await node.api.dispatch('dismissNotice', { id: corrupt.id }), { ok: true, value: { dismissed: true } });
      assert.deepEqual(events, [['noticeDismissed', { id: corrupt.id }]]);
      assert.deepEqual(await node.api.dispatch('getNotices', {}), { ok: true, value: [] });
      assert.deepEqual(await node.api.dispatch('dismissNotice', { id: corrupt.id }), { ok: true, value: { dismissed: false } });
    } finally {
      await node.close();
    }
  });

  test('keeps opened sip: links until a UI takes them, and hands each out once', async () => {
    const { node, events } = await startNode(await tempDir());
    try {
      node.requestDial('sip:bob@example.org');
      assert.deepEqual(events, [['dialRequested', { uri: 'sip:bob@example.org' }]]);
      assert.deepEqual(await node.api.dispatch('takeDialRequests', {}), { ok: true, value: ['sip:bob@example.org'] });
      assert.deepEqual(await node.api.dispatch('takeDialRequests', {}), { ok: true, value: [] });
    } finally {
      await node.close();
    }
  });

  test('saves a new display name, tells every UI, and keeps it across restarts', async () => {
    const dataDir = await tempDir();
    const first = await startNode(dataDir);
    try {
      const result = await first.node.api.dispatch('setDisplayName', { displayName: ' Ada ' });
      assert.ok(result.ok);
      assert.deepEqual(first.events.map(([name]) => name).filter((n) => n === 'profileChanged'), ['profileChanged']);
    } finally {
      await first.node.close();
    }
    assert.equal(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).displayName, 'Ada');
    const second = await startNode(dataDir);
    try {
      const profile = await second.node.api.dispatch('getProfile', {});
      assert.ok(profile.ok);
      assert.equal((profile.value as { displayName: string }).displayName, 'Ada');
    } finally {
      await second.node.close();
    }
  });

  test('refuses to start a second time on the same profile', async () => {
    const dataDir = await tempDir();
    const { node } = await startNode(dataDir);
    try {
      await assert.rejects(startNode(dataDir), (error) => isParleyError(error, 'PROFILE_IN_USE'));
    } finally {
      await node.close();
    }
    const again = await startNode(dataDir);
    await again.node.close();
  });
});
