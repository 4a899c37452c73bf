import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppInfo, NetworkStatus, Notice, Profile } from '../../src/shared/api-contract.js';
import {
  initialAppState,
  reduceAppState,
  type AppAction,
  type AppState,
  type Snapshot,
} from '../../src/renderer/state/app-state.js';
import { buddyStatus } from '../../src/renderer/state/presence-state.js';
import { BOB, callView, establishedCall } from './call-fixtures.js';
import { contact, history, historyEntry } from './history-fixtures.js';

const appInfo: AppInfo = { version: '0.1.0', apiVersion: 1, shell: 'browser', dataDir: '/tmp/parley' };
const profile: Profile = { displayName: 'Alice', uri: 'sip:ybndrfg8@parley.invalid', identityKey: 'ybndrfg8' };
const network: NetworkStatus = { state: 'online', peers: 3, bootstrap: ['127.0.0.1:1'], privateNetwork: true, since: 1, nat: 'unknown', publicAddress: null };
const corrupt: Notice = {
  id: 'n1',
  level: 'warning',
  code: 'PROFILE_FILE_CORRUPT',
  message: 'settings.json was corrupt and was moved aside to settings.json.corrupt-1',
};
const snapshot: Snapshot = { appInfo, profile, network, muted: false, notices: [corrupt], calls: [] };

function run(actions: AppAction[], state: AppState = initialAppState('connecting')): AppState {
  return actions.reduce(reduceAppState, state);
}

test('starts loading, with nothing known yet', () => {
  const state = initialAppState('connecting');
  assert.deepEqual(state.load, { phase: 'loading' });
  assert.equal(state.profile, null);
  assert.equal(state.network, null);
  assert.equal(state.muted, null);
  assert.deepEqual(state.notices, []);
});

test('a loaded snapshot makes the app ready with everything it carried', () => {
  const state = run([{ type: 'linkChanged', link: 'connected' }, { type: 'snapshotLoaded', snapshot }]);
  assert.deepEqual(state.load, { phase: 'ready' });
  assert.equal(state.link, 'connected');
  assert.deepEqual(state.profile, profile);
  assert.deepEqual(state.network, network);
  assert.equal(state.muted, false);
  assert.deepEqual(
    state.notices.map((n) => [n.origin, n.code]),
    [['core', 'PROFILE_FILE_CORRUPT']],
  );
});

test('a failed first load is shown as failed; a retry goes back to loading and asks again', () => {
  const error = { code: 'INTERNAL', message: 'boom' } as const;
  const failed = run([{ type: 'snapshotFailed', error }]);
  assert.deepEqual(failed.load, { phase: 'failed', error });
  const retried = reduceAppState(failed, { type: 'reloadRequested' });
  assert.deepEqual(retried.load, { phase: 'loading' });
  assert.equal(retried.loadRequestCount, failed.loadRequestCount + 1);
});

test('a failed refresh after a reconnect keeps the data and warns instead of blanking the app', () => {
  const state = run([
    { type: 'snapshotLoaded', snapshot },
    { type: 'snapshotFailed', error: { code: 'INTERNAL', message: 'boom' } },
  ]);
  assert.deepEqual(state.load, { phase: 'ready' });
  assert.deepEqual(state.profile, profile);
  assert.ok(state.notices.some((n) => n.origin === 'ui' && n.level === 'warning' && n.message.includes('boom')));
});

test('losing the link keeps the app ready so nothing jumps', () => {
  const state = run([{ type: 'snapshotLoaded', snapshot }, { type: 'linkChanged', link: 'disconnected' }]);
  assert.equal(state.link, 'disconnected');
  assert.deepEqual(state.load, { phase: 'ready' });
  assert.deepEqual(state.profile, profile);
});

test('events replace what they are about', () => {
  const renamed = { ...profile, displayName: 'Alice B.' };
  const offline = { ...network, state: 'offline', peers: 0 } as const;
  const state = run([
    { type: 'snapshotLoaded', snapshot },
    { type: 'profileChanged', profile: renamed },
    { type: 'networkStatusChanged', network: offline },
    { type: 'muteChanged', muted: true },
  ]);
  assert.deepEqual(state.profile, renamed);
  assert.deepEqual(state.network, offline);
  assert.equal(state.muted, true);
});

test('a raised notice is added once, however often it is raised', () => {
  const other: Notice = { id: 'n2', level: 'error', code: 'DHT_FAILED', message: 'cannot bind' };
  const state = run([
    { type: 'snapshotLoaded', snapshot },
    { type: 'noticeRaised', notice: corrupt },
    { type: 'noticeRaised', notice: other },
    { type: 'noticeRaised', notice: other },
  ]);
  assert.deepEqual(
    state.notices.map((n) => n.code),
    ['PROFILE_FILE_CORRUPT', 'DHT_FAILED'],
  );
});

test('a dismissed core notice stays dismissed when a reconnect fetches it again', () => {
  const loaded = run([{ type: 'snapshotLoaded', snapshot }]);
  const key = loaded.notices[0]?.key ?? assert.fail('no notice');
  const state = run(
    [
      { type: 'noticeDismissed', key },
      { type: 'linkChanged', link: 'disconnected' },
      { type: 'linkChanged', link: 'connected' },
      { type: 'snapshotLoaded', snapshot },
      { type: 'noticeRaised', notice: corrupt },
    ],
    loaded,
  );
  assert.deepEqual(state.notices, []);
});

test('a failed command becomes an error notice of the UI that survives a refetch until dismissed', () => {
  const failed = run([
    { type: 'snapshotLoaded', snapshot },
    { type: 'commandFailed', what: 'Could not mute', error: { code: 'UNAVAILABLE', message: 'Not connected.' } },
    { type: 'snapshotLoaded', snapshot },
  ]);
  const uiNotice = failed.notices.find((n) => n.origin === 'ui') ?? assert.fail('no UI notice');
  assert.equal(uiNotice.level, 'error');
  assert.equal(uiNotice.code, 'UNAVAILABLE');
  assert.equal(uiNotice.message, 'Could not mute: Not connected.');
  const dismissed = reduceAppState(failed, { type: 'noticeDismissed', key: uiNotice.key });
  assert.ok(!dismissed.notices.some((n) => n.origin === 'ui'));
});

test('dismissing an unknown notice changes nothing', () => {
  const state = run([{ type: 'snapshotLoaded', snapshot }]);
  assert.equal(reduceAppState(state, { type: 'noticeDismissed', key: 'nope' }), state);
});

test('a dial request fills the dialer, remembers the link and counts the request', () => {
  const once = run([{ type: 'dialRequested', uri: 'sip:bob@example.org' }]);
  assert.deepEqual(once.dial, { uri: 'sip:bob@example.org', linkUri: 'sip:bob@example.org', requestCount: 1, placing: false, placeError: null });
  const edited = reduceAppState(once, { type: 'dialAddressEdited', uri: 'sip:bo' });
  assert.deepEqual(edited.dial, { uri: 'sip:bo', linkUri: 'sip:bob@example.org', requestCount: 1, placing: false, placeError: null });
  const again = reduceAppState(edited, { type: 'dialRequested', uri: 'sip:bob@example.org' });
  assert.equal(again.dial.requestCount, 2);
  assert.equal(again.dial.uri, 'sip:bob@example.org');
});

test('a loaded snapshot brings the calls in progress, and a reconnect’s snapshot replaces them', () => {
  const first = run([{ type: 'snapshotLoaded', snapshot: { ...snapshot, calls: [callView()] } }]);
  assert.deepEqual(
    first.calls.calls.map((entry) => entry.view),
    [callView()],
  );
  const again = run([{ type: 'snapshotLoaded', snapshot: { ...snapshot, calls: [establishedCall({ callId: 'other' })] } }], first);
  assert.deepEqual(
    again.calls.calls.map((entry) => entry.view.callId),
    ['other'],
  );
});

test('call events reach the calls', () => {
  const state = run([{ type: 'callUpdated', call: callView() }]);
  assert.equal(state.calls.calls.length, 1);
});

test('placing a call shows progress in the dialer; a refusal stays until the address is edited', () => {
  const placing = run([{ type: 'dialAddressEdited', uri: 'sip:bob@example.org' }, { type: 'callPlacing' }]);
  assert.equal(placing.dial.placing, true);
  const refused = reduceAppState(placing, { type: 'callPlaceFinished', error: 'Could not call: nobody there.' });
  assert.equal(refused.dial.placing, false);
  assert.equal(refused.dial.placeError, 'Could not call: nobody there.');
  assert.equal(reduceAppState(refused, { type: 'dialAddressEdited', uri: 'sip:bob@example.com' }).dial.placeError, null);
  assert.equal(reduceAppState(refused, { type: 'callPlacing' }).dial.placeError, null, 'a new attempt clears it too');
});

test('the buddies and the history load on their own, each loading until it comes', () => {
  const contacts = [contact(BOB, 'Bob')];
  const shown = history([historyEntry()], 0);
  const state = run([{ type: 'contactsLoaded', contacts }]);
  assert.deepEqual(state.contacts, { phase: 'ready', value: contacts, refreshError: null });
  assert.deepEqual(state.history, { phase: 'loading' });
  assert.deepEqual(reduceAppState(state, { type: 'historyLoaded', history: shown }).history, { phase: 'ready', value: shown, refreshError: null });
});

test('a contact list changed elsewhere replaces the buddies, and a removed buddy takes their presence along', () => {
  const carol = 'sip:carol@example.org';
  const state = run([
    { type: 'contactsLoaded', contacts: [contact(BOB, 'Bob'), contact(carol, 'Carol')] },
    { type: 'buddyPresenceListed', presence: [{ uri: BOB, status: 'online', since: 1 }, { uri: carol, status: 'away', since: 1 }] },
    { type: 'ownPresenceChanged', status: 'busy' },
    { type: 'contactsLoaded', contacts: [contact(carol, 'Carol')] },
  ]);
  assert.deepEqual(state.contacts, { phase: 'ready', value: [contact(carol, 'Carol')], refreshError: null });
  assert.equal(buddyStatus(state.presence, BOB), 'unknown');
  assert.equal(buddyStatus(state.presence, carol), 'away');
  assert.equal(state.presence.own, 'busy');
  assert.deepEqual(state.calls, initialAppState('connecting').calls, 'presence leaves the calls alone');
});

test('a list that fails to load says so; one that fails to refresh keeps what it showed', () => {
  const error = { code: 'INTERNAL', message: 'boom' } as const;
  assert.deepEqual(run([{ type: 'historyFailed', error }]).history, { phase: 'failed', error });
  const kept = run([{ type: 'contactsLoaded', contacts: [] }, { type: 'contactsFailed', error }]);
  assert.deepEqual(kept.contacts, { phase: 'ready', value: [], refreshError: error });
});

test('the audio test’s latest reading replaces the one before, and leaves the calls alone', () => {
  const first = { input: { rmsDbfs: -30, peakDbfs: -18 }, output: { rmsDbfs: -12, peakDbfs: -6 }, running: true, at: 1_000 };
  const last = { ...first, running: false, at: 11_000 };
  assert.equal(initialAppState('connecting').audioTest, null);
  const state = run([{ type: 'audioTestLevelsMeasured', reading: first }, { type: 'audioTestLevelsMeasured', reading: last }]);
  assert.deepEqual(state.audioTest, last);
  assert.deepEqual(state.calls, initialAppState('connecting').calls);
});

test('the ringtone is unknown until the core says, then follows every change', () => {
  assert.equal(initialAppState('connecting').ringtone, null);
  const state = run([
    { type: 'ringtoneChanged', ringtone: 'soft' },
    { type: 'ringtoneChanged', ringtone: 'off' },
  ]);
  assert.equal(state.ringtone, 'off');
});
