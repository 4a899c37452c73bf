import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localEndpoint, offerForCall, sdpContent } from '../../../src/main/call/answer-offer.js';
import { afterOurOffer, answerPeerOffer, holdOffer, offerForOfferlessReinvite, type CallSdp } from '../../../src/main/call/call-modification.js';
import { readAnswer, withAudioPort } from '../../../src/main/call/negotiated-media.js';
import { serializeSdp } from '../../../src/main/sdp/sdp-codec.js';
import type { SessionDescription } from '../../../src/main/sdp/session-description.js';
import type { SipContent } from '../../../src/main/sip/ua/index.js';

const OUR_OFFER = withAudioPort(offerForCall(localEndpoint('127.0.0.1')), 0, 40_000);

function sdp(lines: string[]): SipContent {
  return { contentType: 'application/sdp', body: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) };
}

function peer(direction: string, address = '127.0.0.1', version = 2): SipContent {
  return sdp(['v=0', `o=- 7 ${version} IN IP4 127.0.0.1`, 's=-', `c=IN IP4 ${address}`, 't=0 0', 'm=audio 5004 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000', `a=${direction}`]);
}

function established(): CallSdp {
  const reading = readAnswer(OUR_OFFER, peer('sendrecv', '127.0.0.1', 1));
  assert.ok(reading.ok);
  return { local: OUR_OFFER, agreed: reading.audio, localHold: false, remoteHold: false };
}

function directionOf(description: SessionDescription): string | undefined {
  return description.media[0]?.direction;
}

describe('hold and resume offered by us (RFC 3264 §8.4)', () => {
  test('hold offers sendonly with the next o= version; resume offers sendrecv again', () => {
    const call = established();
    const hold = holdOffer(call, true);
    assert.equal(directionOf(hold), 'sendonly');
    assert.equal(hold.origin.sessionVersion, OUR_OFFER.origin.sessionVersion + 1n);
    assert.equal(hold.media[0]?.port, 40_000, 'the media stays on its port');
    const held = afterOurOffer(call, hold, peer('recvonly'), true);
    assert.ok(held.ok);
    assert.deepEqual({ localHold: held.sdp.localHold, direction: held.sdp.agreed.direction }, { localHold: true, direction: 'sendonly' });
    const resume = holdOffer(held.sdp, false);
    assert.equal(directionOf(resume), 'sendrecv');
    assert.equal(resume.origin.sessionVersion, OUR_OFFER.origin.sessionVersion + 2n);
  });

  test('holding a peer that already holds us offers inactive, and resuming then offers recvonly', () => {
    const call = established();
    const answered = answerPeerOffer(call, peer('sendonly'));
    assert.ok(answered.ok);
    assert.equal(answered.sdp.remoteHold, true);
    const hold = holdOffer(answered.sdp, true);
    assert.equal(directionOf(hold), 'inactive');
    const both = afterOurOffer(answered.sdp, hold, peer('inactive'), true);
    assert.ok(both.ok);
    assert.equal(directionOf(holdOffer(both.sdp, false)), 'recvonly');
  });

  test('an answer without SDP leaves nothing agreed', () => {
    const result = afterOurOffer(established(), holdOffer(established(), true), undefined, true);
    assert.equal(result.ok, false);
  });
});

describe('re-INVITEs from the peer (RFC 3264 §8, RFC 3261 §14.2)', () => {
  test('the peer holding us (sendonly) is answered recvonly, and marked as a hold by the peer', () => {
    const answered = answerPeerOffer(established(), peer('sendonly'));
    assert.ok(answered.ok);
    assert.equal(directionOf(answered.description), 'recvonly');
    assert.equal(answered.sdp.agreed.direction, 'recvonly');
    assert.equal(answered.sdp.remoteHold, true);
    assert.equal(answered.description.origin.sessionVersion, OUR_OFFER.origin.sessionVersion + 1n, 'our answer is a new version of our description');
    assert.equal(answered.description.media[0]?.port, 40_000);
  });

  test('inactive from the peer is answered inactive; sendrecv again resumes', () => {
    const held = answerPeerOffer(established(), peer('inactive'));
    assert.ok(held.ok);
    assert.equal(directionOf(held.description), 'inactive');
    const resumed = answerPeerOffer(held.sdp, peer('sendrecv', '127.0.0.1', 3));
    assert.ok(resumed.ok);
    assert.equal(directionOf(resumed.description), 'sendrecv');
    assert.equal(resumed.sdp.remoteHold, false);
  });

  test('an old-style hold with c=0.0.0.0 keeps the peer’s real address and stops our sending', () => {
    const answered = answerPeerOffer(established(), peer('sendrecv', '0.0.0.0'));
    assert.ok(answered.ok);
    assert.equal(answered.sdp.remoteHold, true);
    assert.equal(answered.sdp.agreed.remoteAddress, '127.0.0.1');
    assert.equal(answered.sdp.agreed.direction, 'recvonly');
  });

  test('while we hold, the peer’s sendrecv offer is answered sendonly: our hold stays', () => {
    const call = { ...established(), localHold: true };
    const answered = answerPeerOffer(call, peer('sendrecv'));
    assert.ok(answered.ok);
    assert.equal(directionOf(answered.description), 'sendonly');
    assert.equal(answered.sdp.localHold, true);
  });

  test('a body that is not SDP gets 415, unreadable SDP or no common codec gets 488', () => {
    const call = established();
    assert.deepEqual(pick(answerPeerOffer(call, { contentType: 'text/plain', body: new TextEncoder().encode('hello') })), 415);
    assert.deepEqual(pick(answerPeerOffer(call, sdp(['v=0', 'garbage']))), 488);
    const g722 = sdp(['v=0', 'o=- 7 2 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 5004 RTP/AVP 9', 'a=rtpmap:9 G722/8000']);
    assert.deepEqual(pick(answerPeerOffer(call, g722)), 488);
  });

  test('a re-INVITE without an offer is given ours, with every m= line kept and the hold state in it', () => {
    const offer = offerForOfferlessReinvite({ ...established(), localHold: true });
    assert.equal(offer.media.length, OUR_OFFER.media.length);
    assert.equal(directionOf(offer), 'sendonly');
    assert.match(serializeSdp(offer), /m=audio 40000 /);
    assert.ok(String(sdpContent(offer).body).includes('a=sendonly'));
  });
});

function pick(result: ReturnType<typeof answerPeerOffer>): number | 'ok' {
  return result.ok ? 'ok' : result.status;
}
