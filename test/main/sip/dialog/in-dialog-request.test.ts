import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAckFor2xx, buildInDialogRequest, createUacDialog, type Dialog, routeRequest } from '../../../../src/main/sip/dialog/index.js';
import { formatNameAddr, formatUri, parseNameAddr, parseUri, type NameAddr } from '../../../../src/main/sip/message/index.js';
import { INVITE, OK } from './dialog-messages.js';

const VIA = 'SIP/2.0/UDP client.atlanta.example.com;branch=z9hG4bKnew';

function confirmed(): Dialog {
  const created = createUacDialog(INVITE, OK);
  assert.ok(created.ok);
  return created.value;
}

function routes(...values: string[]): NameAddr[] {
  return values.map((v) => {
    const parsed = parseNameAddr(v);
    assert.ok(parsed);
    return parsed;
  });
}

describe('routing a request in a dialog (§12.2.1.1)', () => {
  const target = parseUri('sip:bob@192.0.2.4');
  assert.ok(target);
  const table = [
    { name: 'an empty route set: Request-URI = remote target, no Route', set: [], uri: 'sip:bob@192.0.2.4', route: [] },
    {
      name: 'a loose first route: Request-URI = remote target, Route = the route set',
      set: ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'],
      uri: 'sip:bob@192.0.2.4',
      route: ['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>'],
    },
    {
      name: 'a strict first route: it becomes the Request-URI (method stripped) and the remote target goes last',
      set: ['<sip:p1.example.com;method=INVITE>', '<sip:p2.example.com;lr>'],
      uri: 'sip:p1.example.com',
      route: ['<sip:p2.example.com;lr>', '<sip:bob@192.0.2.4>'],
    },
  ];
  for (const row of table) {
    test(row.name, () => {
      const routing = routeRequest(routes(...row.set), target);
      assert.equal(formatUri(routing.requestUri), row.uri);
      assert.deepEqual(routing.routes.map(formatNameAddr), row.route);
    });
  }
});

describe('building requests in a dialog', () => {
  test('a BYE: the dialog’s From/To/Call-ID, the next CSeq, Route from the route set, the dialog updated', () => {
    const dialog = confirmed();
    const { dialog: after, request } = buildInDialogRequest(dialog, { method: 'BYE', via: VIA });
    assert.equal(request.requestUri, 'sip:bob@192.0.2.4');
    assert.equal(request.headers.first('From'), '"Alice" <sip:alice@atlanta.example.com>;tag=9fxced76sl');
    assert.equal(request.headers.first('To'), '"Bob" <sip:bob@biloxi.example.com>;tag=8321234356');
    assert.equal(request.headers.first('Call-ID'), '3848276298220188511@atlanta.example.com');
    assert.equal(request.headers.first('CSeq'), '314160 BYE');
    assert.deepEqual(request.headers.all('Route'), ['<sip:ss1.atlanta.example.com;lr>', '<sip:ss2.biloxi.example.com;lr>']);
    assert.equal(request.headers.first('Via'), VIA);
    assert.equal(after.localSeq, 314160);
    assert.equal(dialog.localSeq, 314159, 'the input dialog is not changed');
  });

  test('the first request of a UAS starts its CSeq at initialSeq, and a target refresh carries Contact', () => {
    const dialog: Dialog = { ...confirmed(), localSeq: undefined };
    const { request } = buildInDialogRequest(dialog, { method: 'INVITE', via: VIA, initialSeq: 7, contact: '<sip:alice@192.0.2.1>', body: 'v=0\r\n', contentType: 'application/sdp' });
    assert.equal(request.headers.first('CSeq'), '7 INVITE');
    assert.equal(request.headers.first('Contact'), '<sip:alice@192.0.2.1>');
    assert.equal(request.headers.first('Content-Type'), 'application/sdp');
  });

  test('the ACK for a 2xx (§13.2.2.4): the INVITE’s CSeq number with method ACK, its credentials, the dialog’s route', () => {
    const dialog = confirmed();
    const ack = buildAckFor2xx(dialog, INVITE, { via: VIA, inviteSeq: 314159 });
    assert.equal(ack.method, 'ACK');
    assert.equal(ack.requestUri, 'sip:bob@192.0.2.4');
    assert.equal(ack.headers.first('CSeq'), '314159 ACK');
    assert.equal(ack.headers.first('Authorization'), INVITE.headers.first('Authorization'));
    assert.deepEqual(ack.headers.all('Route'), ['<sip:ss1.atlanta.example.com;lr>', '<sip:ss2.biloxi.example.com;lr>']);
    assert.equal(ack.headers.first('To'), '"Bob" <sip:bob@biloxi.example.com>;tag=8321234356');
  });
});
