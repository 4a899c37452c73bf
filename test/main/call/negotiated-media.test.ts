import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localEndpoint, offerForCall, sdpContent } from '../../../src/main/call/answer-offer.js';
import { fileCallAudio, numberedPath, SILENT_CALL_AUDIO } from '../../../src/main/call/call-audio.js';
import { negotiatedSessionOptions, offeredAudio, ourDirection, readAnswer, sameSessionShape, withAudioPort } from '../../../src/main/call/negotiated-media.js';
import type { SipContent } from '../../../src/main/sip/ua/index.js';

const OFFER = withAudioPort(offerForCall(localEndpoint('127.0.0.1')), 0, 40_000);

function sdp(lines: string[]): SipContent {
  return { contentType: 'application/sdp', body: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`) };
}

const HEAD = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0'];

describe('reading the answer to our offer (RFC 3264 §5–6, the UAC side)', () => {
  test('our offer carries the media session’s port, Opus first, and telephone-event at 48000 and 8000 Hz', () => {
    const body = String(sdpContent(OFFER).body);
    assert.match(body, /m=audio 40000 RTP\/AVP 111 0 8 110 101/);
    assert.match(body, /a=rtpmap:110 telephone-event\/48000/);
    assert.match(body, /a=rtpmap:101 telephone-event\/8000/);
    const offered = offeredAudio(OFFER);
    assert.equal(offered?.codec.encoding, 'opus');
    assert.equal(offered?.telephoneEvent?.payloadType, 110, 'Opus pairs with telephone-event on its own clock (RFC 4733 §2.1)');
  });

  test('an Opus answer keeps the telephone-event at 48000 Hz when it has one, else the 8000 Hz one', () => {
    const both = readAnswer(OFFER, sdp([...HEAD, 'm=audio 5004 RTP/AVP 111 101 110', 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:101 telephone-event/8000', 'a=rtpmap:110 telephone-event/48000']));
    assert.ok(both.ok);
    assert.equal(both.audio.telephoneEvent?.clockRate, 48000);
    const only8k = readAnswer(OFFER, sdp([...HEAD, 'm=audio 5004 RTP/AVP 111 101', 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:101 telephone-event/8000']));
    assert.ok(only8k.ok);
    assert.equal(only8k.audio.telephoneEvent?.payloadType, 101);
  });

  test('a PCMU answer with DTMF gives the codec, the address and the payload types to use', () => {
    const reading = readAnswer(OFFER, sdp([...HEAD, 'm=audio 5004 RTP/AVP 0 101', 'a=rtpmap:101 telephone-event/8000', 'a=sendrecv']));
    assert.ok(reading.ok);
    assert.deepEqual(
      { codec: reading.audio.codec.encoding, pt: reading.audio.codec.payloadType, dtmf: reading.audio.telephoneEvent?.payloadType, at: `${reading.audio.remoteAddress}:${reading.audio.remotePort}` },
      { codec: 'PCMU', pt: 0, dtmf: 101, at: '127.0.0.1:5004' },
    );
  });

  test('an answer without a=rtcp-mux turns RTCP off for the session (RFC 5761: only one port is ours)', () => {
    const plain = readAnswer(OFFER, sdp([...HEAD, 'm=audio 5004 RTP/AVP 0']));
    assert.ok(plain.ok);
    assert.equal(negotiatedSessionOptions(plain.audio).rtcpMux, false);
    const muxed = readAnswer(OFFER, sdp([...HEAD, 'm=audio 5004 RTP/AVP 0', 'a=rtcp-mux']));
    assert.ok(muxed.ok);
    assert.equal(negotiatedSessionOptions(muxed.audio).rtcpMux, undefined, 'the default: muxed');
  });

  test('an answer’s direction is read from our side: its recvonly means we only send', () => {
    const reading = readAnswer(OFFER, sdp([...HEAD, 'm=audio 5004 RTP/AVP 0', 'a=recvonly']));
    assert.ok(reading.ok);
    assert.equal(reading.audio.direction, 'sendonly');
    assert.equal(reading.audio.telephoneEvent, undefined);
    assert.deepEqual(['sendrecv', 'sendonly', 'recvonly', 'inactive'].map((d) => ourDirection(d as 'sendrecv')), ['sendrecv', 'recvonly', 'sendonly', 'inactive']);
  });

  const unusable: Array<[string, SipContent | undefined, RegExp]> = [
    ['no body', undefined, /no answer/],
    ['a body that is not SDP', { contentType: 'text/plain', body: new Uint8Array(1) }, /not SDP/],
    ['a rejected audio stream', sdp([...HEAD, 'm=audio 0 RTP/AVP 0']), /no audio stream/],
    ['a codec we did not offer', sdp([...HEAD, 'm=audio 5004 RTP/AVP 9']), /no codec/],
  ];
  for (const [what, content, reason] of unusable) {
    test(`an answer with ${what} is refused, saying why`, () => {
      const reading = readAnswer(OFFER, content);
      assert.equal(reading.ok, false);
      if (!reading.ok) assert.match(reading.reason, reason);
    });
  }
});

describe('media session options from what was agreed', () => {
  test('Opus takes FEC and DTX from the peer’s fmtp (RFC 7587 §6.1)', () => {
    const reading = readAnswer(OFFER, sdp([...HEAD, 'm=audio 5004 RTP/AVP 111', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 useinbandfec=1;usedtx=0', 'a=rtcp-mux']));
    assert.ok(reading.ok);
    assert.deepEqual(negotiatedSessionOptions(reading.audio), {
      codec: { encodingName: 'opus', payloadType: 111, clockRate: 48000 },
      direction: 'sendrecv',
      opus: { inbandFec: true, dtx: false },
    });
  });

  test('a session is made again only when codec or DTMF payload type differ, not for direction', () => {
    const opus = { codec: { encodingName: 'opus', payloadType: 111, clockRate: 48000 }, telephoneEventPayloadType: 101, direction: 'sendrecv' as const };
    assert.ok(sameSessionShape(opus, { ...opus, direction: 'recvonly' }));
    assert.ok(!sameSessionShape(opus, { ...opus, codec: { encodingName: 'PCMU', payloadType: 0, clockRate: 8000 } }));
    assert.ok(!sameSessionShape(opus, { ...opus, telephoneEventPayloadType: undefined }));
    assert.ok(!sameSessionShape(opus, { ...opus, rtcpMux: false }), 'RTCP off is set when the session is made');
  });
});

describe('call audio plans', () => {
  test('recordings of several calls are numbered before the extension', () => {
    assert.equal(numberedPath('/tmp/calls.wav', 2), '/tmp/calls-2.wav');
    assert.equal(numberedPath('/tmp/calls', 1), '/tmp/calls-1');
  });

  test('--play and --record become a WAV source and sink; without them a call is silent', () => {
    const plan = fileCallAudio({ play: '/a.wav', record: '/r.wav', numberRecordings: true, endCallWhenSourceEnds: true })({ callId: 'x', direction: 'incoming', ordinal: 3 });
    assert.deepEqual(plan, { source: { kind: 'wav', path: '/a.wav' }, sink: { kind: 'wav', path: '/r-3.wav' }, endCallWhenSourceEnds: true });
    const recordOnly = fileCallAudio({ record: '/r.wav', numberRecordings: false, endCallWhenSourceEnds: true })({ callId: 'x', direction: 'outgoing', ordinal: 1 });
    assert.deepEqual(recordOnly, { source: { kind: 'silence' }, sink: { kind: 'wav', path: '/r.wav' }, endCallWhenSourceEnds: false });
    assert.deepEqual(SILENT_CALL_AUDIO({ callId: 'x', direction: 'incoming', ordinal: 1 }).sink, { kind: 'null' });
  });
});
