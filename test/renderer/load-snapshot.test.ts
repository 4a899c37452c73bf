import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiResult, AppInfo, NetworkStatus, Notice, Profile } from '../../src/shared/api-contract.js';
import { loadSnapshot } from '../../src/renderer/state/load-snapshot.js';
import { callView } from './call-fixtures.js';
import { FakeParleyApi } from './fake-parley-api.js';

const appInfo: AppInfo = { version: '0.1.0', apiVersion: 1, shell: 'browser', dataDir: '/tmp/parley' };
const profile: Profile = { displayName: 'Alice', uri: 'sip:ybndrfg8@parley.invalid', identityKey: 'ybndrfg8' };
const network: NetworkStatus = { state: 'connecting', peers: 0, bootstrap: [], privateNetwork: false, since: 0, nat: 'unknown', publicAddress: null };
const notices: Notice[] = [{ id: 'n1', level: 'warning', code: 'PROFILE_FILE_CORRUPT', message: 'settings.json was corrupt' }];

const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });

const allAnswers = {
  getAppInfo: ok(appInfo),
  getProfile: ok(profile),
  getNetworkStatus: ok(network),
  getMuted: ok({ muted: true }),
  getNotices: ok(notices),
  listCalls: ok([callView()]),
};

test('loads app info, profile, network status, mute, notices and calls into one snapshot', async () => {
  const fake = new FakeParleyApi(allAnswers);
  const result = await loadSnapshot(fake.api);
  assert.deepEqual(result, { ok: true, value: { appInfo, profile, network, muted: true, notices, calls: [callView()] } });
  assert.deepEqual(
    fake.calls.map((call) => call.command).sort(),
    ['getAppInfo', 'getMuted', 'getNetworkStatus', 'getNotices', 'getProfile', 'listCalls'],
  );
  assert.ok(fake.calls.every((call) => JSON.stringify(call.args) === '{}'));
});

test('answers with the first failure when any fetch fails', async () => {
  const error = { code: 'UNAVAILABLE', message: 'not connected to the Parley core' } as const;
  const fake = new FakeParleyApi({ ...allAnswers, getNetworkStatus: { ok: false, error } });
  assert.deepEqual(await loadSnapshot(fake.api), { ok: false, error });
});

test('answers with the failure of listCalls when only the calls cannot be listed', async () => {
  const error = { code: 'INTERNAL', message: 'the core failed to do this; see its log for details' } as const;
  const fake = new FakeParleyApi({ ...allAnswers, listCalls: { ok: false, error } });
  assert.deepEqual(await loadSnapshot(fake.api), { ok: false, error });
});
