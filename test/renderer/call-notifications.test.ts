import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callNotificationContent, notificationPlan, notificationTag, pageIsUnattended } from '../../src/renderer/alerts/call-notifications.js';
import { callParty } from '../../src/renderer/view/caller-view.js';
import { BOB, CAROL } from './call-fixtures.js';

const looking = { visible: true, focused: true };
const away = { visible: false, focused: false };
const behind = { visible: true, focused: false };
const none = new Set<string>();

test('a page is unattended when it is hidden or its window is not focused', () => {
  assert.equal(pageIsUnattended(looking), false);
  assert.equal(pageIsUnattended(away), true);
  assert.equal(pageIsUnattended(behind), true);
});

test('a call that rings while nobody looks is notified, once', () => {
  assert.deepEqual(notificationPlan(['a'], none, none, away, 'granted'), { show: ['a'], close: [], forget: [] });
  assert.deepEqual(notificationPlan(['a'], new Set(['a']), new Set(['a']), away, 'granted'), { show: [], close: [], forget: [] });
  assert.deepEqual(notificationPlan(['a', 'b'], new Set(['a']), new Set(['a']), behind, 'granted').show, ['b'], 'a second call gets its own');
});

test('nothing is notified while the page is looked at, or without permission', () => {
  assert.deepEqual(notificationPlan(['a'], none, none, looking, 'granted').show, []);
  for (const access of ['default', 'denied', 'unsupported'] as const) assert.deepEqual(notificationPlan(['a'], none, none, away, access).show, [], access);
});

test('a notification closes when its call stops ringing or the page is looked at, and is not shown again', () => {
  assert.deepEqual(notificationPlan([], new Set(['a']), new Set(['a']), away, 'granted'), { show: [], close: ['a'], forget: ['a'] });
  const back = notificationPlan(['a'], new Set(['a']), new Set(['a']), looking, 'granted');
  assert.deepEqual(back, { show: [], close: ['a'], forget: [] });
  assert.deepEqual(notificationPlan(['a'], new Set(['a']), none, away, 'granted').show, [], 'looking away again does not notify the same call twice');
});

test('the notification says who calls, from which address, and whether they are a buddy', () => {
  const buddy = callParty({ remoteUri: BOB, remoteDisplayName: null }, [{ uri: BOB, displayName: 'Bob', addedAt: '' }]);
  assert.deepEqual(callNotificationContent(buddy), { title: 'Bob is calling', body: BOB });
  const stranger = callParty({ remoteUri: CAROL, remoteDisplayName: null }, []);
  assert.deepEqual(callNotificationContent(stranger), { title: 'Incoming call', body: `${CAROL}\nNot in your buddies` });
  assert.equal(notificationTag('call-1'), 'parley-call-call-1');
});
