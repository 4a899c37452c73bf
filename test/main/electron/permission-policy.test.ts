import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPermissionGranted, type PermissionQuery } from '../../../src/main/electron/permission-policy.js';

const indexUrl = 'file:///app/dist/renderer/index.html';

const cases: Array<{ query: PermissionQuery; granted: boolean; why: string }> = [
  { query: { permission: 'media', requestingUrl: indexUrl, mediaTypes: ['audio'] }, granted: true, why: 'the microphone for the app page' },
  { query: { permission: 'media', requestingUrl: indexUrl }, granted: true, why: 'a media check without a type' },
  { query: { permission: 'notifications', requestingUrl: `${indexUrl}#/` }, granted: true, why: 'notifications for the app page' },
  { query: { permission: 'media', requestingUrl: indexUrl, mediaTypes: ['audio', 'video'] }, granted: false, why: 'the camera' },
  { query: { permission: 'media', requestingUrl: indexUrl, mediaTypes: ['unknown'] }, granted: false, why: 'an unknown media type' },
  { query: { permission: 'media', requestingUrl: 'https://evil.example/', mediaTypes: ['audio'] }, granted: false, why: 'another page' },
  { query: { permission: 'notifications', requestingUrl: undefined }, granted: false, why: 'an unknown requester' },
  { query: { permission: 'geolocation', requestingUrl: indexUrl }, granted: false, why: 'geolocation' },
  { query: { permission: 'clipboard-read', requestingUrl: indexUrl }, granted: false, why: 'clipboard reads' },
  { query: { permission: 'openExternal', requestingUrl: indexUrl }, granted: false, why: 'openExternal' },
  { query: { permission: 'display-capture', requestingUrl: indexUrl }, granted: false, why: 'screen capture' },
  { query: { permission: 'hid', requestingUrl: indexUrl }, granted: false, why: 'HID devices' },
];

for (const { query, granted, why } of cases) {
  test(`${granted ? 'grants' : 'denies'} ${why}`, () => {
    assert.equal(isPermissionGranted(query, indexUrl), granted);
  });
}
