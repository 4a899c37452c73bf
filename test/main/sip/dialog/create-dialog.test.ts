import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createUacDialog, createUasDialog, type Dialog } from '../../../../src/main/sip/dialog/index.js';
import { formatNameAddr, formatUri } from '../../../../src/main/sip/message/index.js';
import { INVITE, OK, OK_WITHOUT_CONTACT, RINGING, TRYING } from './dialog-messages.js';

function value(result: ReturnType<typeof createUacDialog>): Dialog {
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value;
}

describe('the UAC creates its dialog from the response (§12.1.2)', () => {
  const table = [
    { response: RINGING, state: 'early', target: 'sip:bob@client.biloxi.example.com' },
    { response: OK, state: 'confirmed', target: 'sip:bob@192.0.2.4' },
  ] as const;
  for (const row of table) {
    test(`${row.response.status} makes a ${row.state} dialog`, () => {
      const dialog = value(createUacDialog(INVITE, row.response));
      assert.equal(dialog.state, row.state);
      assert.equal(dialog.role, 'uac');
      assert.deepEqual(dialog.id, { callId: '3848276298220188511@atlanta.example.com', localTag: '9fxced76sl', remoteTag: '8321234356' });
      assert.equal(dialog.localSeq, 314159);
      assert.equal(dialog.remoteSeq, undefined);
      assert.equal(formatUri(dialog.remoteTarget), row.target);
      // "The route set MUST be set to the list of URIs in the Record-Route header field from the
      // response, taken in reverse order"
      assert.deepEqual(dialog.routeSet.map(formatNameAddr), ['<sip:ss1.atlanta.example.com;lr>', '<sip:ss2.biloxi.example.com;lr>']);
      assert.equal(formatNameAddr(dialog.localUri), '"Alice" <sip:alice@atlanta.example.com>');
      assert.equal(formatNameAddr(dialog.remoteUri), '"Bob" <sip:bob@biloxi.example.com>');
      assert.equal(dialog.secure, false);
    });
  }

  const failures = [
    { name: '100 Trying creates no dialog', response: TRYING, code: 'DIALOG_NOT_CREATING_RESPONSE' },
    { name: 'a 2xx without Contact has no remote target', response: OK_WITHOUT_CONTACT, code: 'DIALOG_MISSING_CONTACT' },
  ];
  for (const row of failures) {
    test(row.name, () => {
      const result = createUacDialog(INVITE, row.response);
      assert.equal(result.ok, false);
      assert.equal(result.ok ? '' : result.error.code, row.code);
    });
  }
});

describe('the UAS creates its dialog from the request (§12.1.1)', () => {
  test('route set in order, remote target from Contact, remote sequence number from CSeq, local one empty', () => {
    const result = createUasDialog(INVITE, { localTag: 'bobtag', state: 'confirmed' });
    assert.ok(result.ok);
    const dialog = result.value;
    assert.deepEqual(dialog.id, { callId: '3848276298220188511@atlanta.example.com', localTag: 'bobtag', remoteTag: '9fxced76sl' });
    assert.equal(dialog.role, 'uas');
    assert.equal(dialog.remoteSeq, 314159);
    assert.equal(dialog.localSeq, undefined);
    assert.equal(formatUri(dialog.remoteTarget), 'sip:alice@client.atlanta.example.com;transport=tcp');
    assert.deepEqual(dialog.routeSet.map(formatNameAddr), ['<sip:ss2.biloxi.example.com;lr>', '<sip:ss1.atlanta.example.com;lr>']);
    assert.equal(formatNameAddr(dialog.localUri), '"Bob" <sip:bob@biloxi.example.com>');
  });
});
