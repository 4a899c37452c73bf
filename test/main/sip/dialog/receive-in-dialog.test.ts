import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { confirmUacDialog, createUacDialog, createUasDialog, type Dialog, receiveInDialogRequest, refreshRemoteTarget } from '../../../../src/main/sip/dialog/index.js';
import { formatNameAddr, formatUri } from '../../../../src/main/sip/message/index.js';
import { INVITE, request, RINGING, response } from './dialog-messages.js';

function uas(remoteSeq: number | undefined): Dialog {
  const created = createUasDialog(INVITE, { localTag: 'bobtag', state: 'confirmed' });
  assert.ok(created.ok);
  return { ...created.value, remoteSeq };
}

describe('requests arriving in a dialog (§12.2.2)', () => {
  const table = [
    { remote: undefined, cseq: { seq: 5, method: 'BYE' }, ok: true, after: 5 },
    { remote: 10, cseq: { seq: 11, method: 'BYE' }, ok: true, after: 11 },
    { remote: 10, cseq: { seq: 10, method: 'INFO' }, ok: true, after: 10 },
    { remote: 10, cseq: { seq: 9, method: 'BYE' }, ok: false, after: 10 },
    { remote: 10, cseq: { seq: 9, method: 'ACK' }, ok: true, after: 10 },
    { remote: 10, cseq: { seq: 3, method: 'CANCEL' }, ok: true, after: 10 },
  ];
  for (const row of table) {
    test(`remote CSeq ${row.remote ?? 'empty'}, ${row.cseq.method} ${row.cseq.seq}: ${row.ok ? 'accepted' : '500 (out of order)'}`, () => {
      const check = receiveInDialogRequest(uas(row.remote), row.cseq);
      assert.equal(check.ok, row.ok);
      if (check.ok) assert.equal(check.dialog.remoteSeq, row.after);
      else assert.equal(check.status, 500);
    });
  }

  test('a target refresh request replaces the remote target with its Contact', () => {
    const reinvite = request(`INVITE sip:bob@192.0.2.4 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.99;branch=z9hG4bKmoved
Max-Forwards: 70
From: <sip:alice@atlanta.example.com>;tag=9fxced76sl
To: <sip:bob@biloxi.example.com>;tag=bobtag
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 314160 INVITE
Contact: <sip:alice@192.0.2.99:5070>
Content-Length: 0
`);
    assert.equal(formatUri(refreshRemoteTarget(uas(314159), reinvite).remoteTarget), 'sip:alice@192.0.2.99:5070');
  });
});

describe('a 2xx confirms the UAC’s early dialog (§13.2.2.4)', () => {
  test('state confirmed, the remote target and route set recomputed from the 2xx', () => {
    const early = createUacDialog(INVITE, RINGING);
    assert.ok(early.ok);
    const ok = response(`SIP/2.0 200 OK
Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8
Record-Route: <sip:only.example.com;lr>
From: "Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl
To: Bob <sip:bob@biloxi.example.com>;tag=8321234356
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 314159 INVITE
Contact: <sip:bob@192.0.2.4>
Content-Length: 0
`);
    const dialog = confirmUacDialog(early.value, ok);
    assert.equal(dialog.state, 'confirmed');
    assert.equal(formatUri(dialog.remoteTarget), 'sip:bob@192.0.2.4');
    assert.deepEqual(dialog.routeSet.map(formatNameAddr), ['<sip:only.example.com;lr>']);
  });
});
