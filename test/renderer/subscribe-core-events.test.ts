import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_NAMES, type NetworkStatus, type Profile } from '../../src/shared/api-contract.js';
import type { AppAction } from '../../src/renderer/state/app-state.js';
import { subscribeCoreEvents } from '../../src/renderer/state/subscribe-core-events.js';
import { callView, statistics } from './call-fixtures.js';
import { conferenceView, ROOM } from './conference-fixtures.js';
import { FakeParleyApi } from './fake-parley-api.js';
import { contact, historyEntry } from './history-fixtures.js';

const profile: Profile = { displayName: 'Alice', uri: 'sip:ybndrfg8@parley.invalid', identityKey: 'ybndrfg8' };
const network: NetworkStatus = { state: 'online', peers: 2, bootstrap: [], privateNetwork: false, since: 5, nat: 'unknown', publicAddress: null };

test('subscribes to every event in the contract', () => {
  const fake = new FakeParleyApi({});
  subscribeCoreEvents(fake.api, () => {});
  assert.deepEqual([...fake.listeners.keys()].sort(), [...EVENT_NAMES].sort());
});

test('turns each core event into its app action', () => {
  const fake = new FakeParleyApi({});
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action));
  fake.emit('profileChanged', profile);
  fake.emit('networkStatusChanged', network);
  fake.emit('muteChanged', { muted: true });
  fake.emit('noticeRaised', { id: 'n1', level: 'info', code: 'X', message: 'hello' });
  fake.emit('noticeDismissed', { id: 'n1' });
  assert.deepEqual(actions, [
    { type: 'profileChanged', profile },
    { type: 'networkStatusChanged', network },
    { type: 'muteChanged', muted: true },
    { type: 'noticeRaised', notice: { id: 'n1', level: 'info', code: 'X', message: 'hello' } },
    { type: 'noticeDismissed', key: 'core|n1' },
  ]);
});

test('turns each call event into its call action, stamping the end of a call with the time', () => {
  const fake = new FakeParleyApi({});
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action), () => 42_000);
  const levels = { callId: 'call-1', input: { rmsDbfs: -20, peakDbfs: -6 }, output: { rmsDbfs: -99, peakDbfs: -99 }, muted: true };
  const replacement = { callId: 'call-1', direction: 'input', from: 'USB mic', to: null, reason: 'unplugged' } as const;
  fake.emit('callUpdated', callView());
  fake.emit('callLevelsMeasured', levels);
  fake.emit('callStatisticsUpdated', { callId: 'call-1', statistics: statistics() });
  fake.emit('dtmfReceived', { callId: 'call-1', digit: '#' });
  fake.emit('audioDeviceReplaced', replacement);
  fake.emit('callEnded', { callId: 'call-1', reason: 'hangup by callee', status: 200 });
  assert.deepEqual(actions, [
    { type: 'callUpdated', call: callView() },
    { type: 'callLevelsMeasured', levels },
    { type: 'callStatisticsUpdated', callId: 'call-1', statistics: statistics() },
    { type: 'dtmfReceived', callId: 'call-1', digit: '#' },
    { type: 'audioDeviceReplaced', replacement },
    { type: 'callEnded', ended: { callId: 'call-1', reason: 'hangup by callee', status: 200 }, at: 42_000 },
  ]);
});

test('a changed history replaces the one shown, badge and all', () => {
  const fake = new FakeParleyApi({});
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action));
  const history = { entries: [historyEntry({ direction: 'incoming', outcome: 'missed' })], missedUnseen: 1 };
  fake.emit('historyChanged', history);
  assert.deepEqual(actions, [{ type: 'historyLoaded', history }]);
});

test("a contact list changed elsewhere, the own status and a buddy's presence each become their action", () => {
  const fake = new FakeParleyApi({});
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action));
  const presence = { uri: 'sip:bob@example.org', status: 'online', since: 7 } as const;
  fake.emit('contactsChanged', [contact('sip:bob@example.org', 'Bob')]);
  fake.emit('presenceChanged', { status: 'busy' });
  fake.emit('buddyPresenceChanged', presence);
  assert.deepEqual(actions, [
    { type: 'contactsLoaded', contacts: [contact('sip:bob@example.org', 'Bob')] },
    { type: 'ownPresenceChanged', status: 'busy' },
    { type: 'buddyPresenceChanged', presence },
  ]);
});

test('on a dial request, takes the waiting links from the core and shows the newest', async () => {
  const fake = new FakeParleyApi({ takeDialRequests: { ok: true, value: ['sip:old@example.org', 'sip:bob@example.org'] } });
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action));
  fake.emit('dialRequested', { uri: 'sip:bob@example.org' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(fake.calls, [{ command: 'takeDialRequests', args: {} }]);
  assert.deepEqual(actions, [{ type: 'dialRequested', uri: 'sip:bob@example.org' }]);
});

test('shows nothing when another UI took the link first', async () => {
  const fake = new FakeParleyApi({ takeDialRequests: { ok: true, value: [] } });
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action));
  fake.emit('dialRequested', { uri: 'sip:bob@example.org' });
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(actions, []);
});

test('unsubscribes from everything it subscribed to', () => {
  const fake = new FakeParleyApi({});
  const unsubscribe = subscribeCoreEvents(fake.api, () => {});
  assert.equal(fake.listenerCount(), EVENT_NAMES.length);
  unsubscribe();
  assert.equal(fake.listenerCount(), 0);
});

test('an audio test reading is stamped with the time it arrived, to tell it from an earlier test’s', () => {
  const fake = new FakeParleyApi({});
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action), () => 7_000);
  const levels = { input: { rmsDbfs: -30, peakDbfs: -18 }, output: { rmsDbfs: -12, peakDbfs: -6 }, running: true };
  fake.emit('audioTestLevelsMeasured', levels);
  assert.deepEqual(actions, [{ type: 'audioTestLevelsMeasured', reading: { ...levels, at: 7_000 } }]);
});

test('a ringtone changed in any UI becomes its action', () => {
  const fake = new FakeParleyApi({});
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action));
  fake.emit('ringtoneChanged', { ringtone: 'soft' });
  assert.deepEqual(actions, [{ type: 'ringtoneChanged', ringtone: 'soft' }]);
});

test('a conference’s whole view, its end and who speaks in it each become their action', () => {
  const fake = new FakeParleyApi({});
  const actions: AppAction[] = [];
  subscribeCoreEvents(fake.api, (action) => actions.push(action));
  fake.emit('conferenceUpdated', conferenceView());
  fake.emit('conferenceSpeakersChanged', { uri: ROOM, speaking: ['m-bob'] });
  fake.emit('conferenceEnded', { uri: ROOM, reason: 'the host ended it' });
  assert.deepEqual(actions, [
    { type: 'conferenceUpdated', conference: conferenceView() },
    { type: 'conferenceSpeakersChanged', speakers: { uri: ROOM, speaking: ['m-bob'] } },
    { type: 'conferenceEnded', ended: { uri: ROOM, reason: 'the host ended it' } },
  ]);
});
