import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RoutedInvite } from '../../../src/main/call/call-endpoint.js';
import { conferenceUri } from '../../../src/main/conference/conference-address.js';
import type { ConferenceFocus } from '../../../src/main/conference/conference-focus.js';
import { routeConferenceInvite } from '../../../src/main/conference/conference-routing.js';
import { encodeZBase32 } from '../../../src/main/identity/z-base-32.js';
import { parseNameAddr } from '../../../src/main/sip/message/index.js';
import type { IncomingInvite } from '../../../src/main/sip/ua/index.js';

const hostedKey = Buffer.alloc(32, 1);
const otherKey = Buffer.alloc(32, 2);
const taken: RoutedInvite = { refuse: { status: 499, reason: 'taken by the focus (test marker)' } };
const focus = { route: () => taken } as unknown as ConferenceFocus;
const focusOf = (key: Buffer): ConferenceFocus | undefined => (key.equals(hostedKey) ? focus : undefined);

function invite(requestUri: string, to = requestUri): IncomingInvite {
  const address = parseNameAddr(`<${to}>`) ?? assert.fail(to);
  return { request: { requestUri }, to: address } as unknown as IncomingInvite;
}

describe('which INVITEs a hosted conference’s focus takes', () => {
  test('the conference URI, from a Parley member or a phone with this node as its proxy', () => {
    assert.equal(routeConferenceInvite(invite(conferenceUri(hostedKey)), focusOf), taken);
    assert.equal(routeConferenceInvite(invite('sip:x@192.0.2.1', conferenceUri(hostedKey)), focusOf), taken, 'a proxy rewrote the Request-URI; To still names it');
  });

  test('a plain SIP phone dialling the conference key at our address', () => {
    assert.equal(routeConferenceInvite(invite(`sip:${encodeZBase32(hostedKey)}@127.0.0.1:5060`), focusOf), taken);
  });

  test('a conference this node does not host is 404; everything else is a call for the user', () => {
    assert.deepEqual(routeConferenceInvite(invite(conferenceUri(otherKey)), focusOf), { refuse: { status: 404, reason: 'Conference Not Found' } });
    assert.equal(routeConferenceInvite(invite(`sip:${encodeZBase32(otherKey)}@127.0.0.1:5060`), focusOf), undefined, 'a key-shaped user we host nothing for: perhaps our own identity');
    assert.equal(routeConferenceInvite(invite('sip:alice@parley.invalid'), focusOf), undefined);
    assert.equal(routeConferenceInvite(invite('sip:parley@127.0.0.1:5060'), focusOf), undefined);
  });
});
