import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerDirection, createAnswer, createOffer, holdDirection, type AudioCapabilities, type LocalEndpoint } from '../../../src/main/sdp/offer-answer.js';
import { parseSdp, serializeSdp } from '../../../src/main/sdp/sdp-codec.js';
import type { SessionDescription } from '../../../src/main/sdp/session-description.js';

const crlf = (lines: string[]): string => `${lines.join('\r\n')}\r\n`;

// The offer sipp's built-in uac scenario sends (PCMU only, static type without rtpmap).
const SIPP_OFFER = crlf(['v=0', 'o=user1 53655765 2353687637 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 6000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000']);
// An offer shaped like baresip's: Opus first, G.711, DTMF, and a video stream we do not take.
const RICH_OFFER = crlf([
  'v=0', 'o=- 1234 5678 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0',
  'm=audio 40000 RTP/AVP 96 0 8 101', 'a=rtpmap:96 opus/48000/2', 'a=fmtp:96 stereo=0;useinbandfec=1', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=sendrecv', 'a=rtcp-mux', 'a=ptime:20',
  'm=video 40002 RTP/AVP 97', 'a=rtpmap:97 H264/90000',
]);

const LOCAL: LocalEndpoint = { address: '127.0.0.1', addressType: 'IP4', port: 7000, sessionId: '42', sessionVersion: 1n };
const CAPS: AudioCapabilities = {
  codecs: [
    { encoding: 'opus', clockRate: 48000, channels: 2, preferredPayloadType: 111 },
    { encoding: 'PCMU', clockRate: 8000, channels: 1, preferredPayloadType: 0 },
    { encoding: 'PCMA', clockRate: 8000, channels: 1, preferredPayloadType: 8 },
  ],
  telephoneEvent: true,
};

function offer(text: string): SessionDescription {
  const parsed = parseSdp(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
  return parsed.description;
}

describe('parsing SDP', () => {
  test('reads static payload types without rtpmap (RFC 3551)', () => {
    const { media } = offer(crlf(['v=0', 'o=- 1 1 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 5004 RTP/AVP 0 8']));
    assert.deepEqual(media[0]?.formats.map((f) => `${f.payloadType} ${f.encoding}/${f.clockRate}`), ['0 PCMU/8000', '8 PCMA/8000']);
  });

  test('keeps fmtp parameters, rtcp-mux, ptime and a media-level direction', () => {
    const audio = offer(RICH_OFFER).media[0];
    assert.equal(audio?.formats[0]?.parameters, 'stereo=0;useinbandfec=1');
    assert.equal(audio?.rtcpMux, true);
    assert.equal(audio?.packetTime, 20);
    assert.equal(audio?.direction, 'sendrecv');
  });

  test('keeps session versions beyond 2^53 exact', () => {
    const big = offer(crlf(['v=0', 'o=- 1 18446744073709551615 IN IP4 10.0.0.1', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 5004 RTP/AVP 0']));
    assert.equal(big.origin.sessionVersion, 18446744073709551615n);
    assert.match(serializeSdp(big), /^o=- 1 18446744073709551615 IN IP4/m);
  });

  const bad: Array<[string, string, RegExp]> = [
    ['empty text', '', /v=0/],
    ['no o= line', crlf(['v=0', 's=-', 'c=IN IP4 1.2.3.4', 't=0 0', 'm=audio 1 RTP/AVP 0']), /o= line/],
    ['a port out of range', crlf(['v=0', 'o=- 1 1 IN IP4 1.2.3.4', 's=-', 'c=IN IP4 1.2.3.4', 't=0 0', 'm=audio 70000 RTP/AVP 0']), /port/],
    ['a payload type over 127', crlf(['v=0', 'o=- 1 1 IN IP4 1.2.3.4', 's=-', 'c=IN IP4 1.2.3.4', 't=0 0', 'm=audio 5004 RTP/AVP 200']), /payload type/],
    ['a stream without any c= address', crlf(['v=0', 'o=- 1 1 IN IP4 1.2.3.4', 's=-', 't=0 0', 'm=audio 5004 RTP/AVP 0']), /no c= address/],
    ['a huge body', `v=0\r\n${'a=x\r\n'.repeat(5000)}`, /larger than/],
  ];
  for (const [what, text, reason] of bad) {
    test(`refuses ${what}, saying why`, () => {
      const parsed = parseSdp(text);
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.reason, reason);
    });
  }
});

describe('answering an offer (RFC 3264 §6)', () => {
  test("answers sipp's PCMU offer with PCMU, our address and port, sendrecv", () => {
    const result = createAnswer(offer(SIPP_OFFER), LOCAL, CAPS);
    assert.ok(result.ok);
    const text = serializeSdp(result.answer);
    assert.match(text, /^m=audio 7000 RTP\/AVP 0\r$/m);
    assert.match(text, /^c=IN IP4 127\.0\.0\.1\r$/m);
    assert.match(text, /^a=sendrecv\r$/m);
    assert.deepEqual(result.audio && { pt: result.audio.codec.payloadType, to: `${result.audio.remoteAddress}:${result.audio.remotePort}` }, { pt: 0, to: '127.0.0.1:6000' });
    assert.ok(parseSdp(text).ok, 'the answer is itself valid SDP');
  });

  test('keeps the offer’s payload numbers, orders by our preference and adds DTMF', () => {
    const result = createAnswer(offer(RICH_OFFER), LOCAL, CAPS);
    assert.ok(result.ok);
    const audio = result.answer.media[0];
    assert.deepEqual(audio?.formats.map((f) => `${f.payloadType} ${f.encoding}`), ['96 opus', '0 PCMU', '8 PCMA', '101 telephone-event']);
    assert.equal(result.audio?.codec.encoding, 'opus');
    assert.equal(result.audio?.telephoneEvent?.payloadType, 101, 'an offer with only telephone-event/8000 keeps it for Opus too');
  });

  test('pairs DTMF with the telephone-event on the chosen codec’s clock when the offer has several', () => {
    const text = RICH_OFFER.replace('m=audio 40000 RTP/AVP 96 0 8 101', 'm=audio 40000 RTP/AVP 96 0 8 101 110').replace('a=sendrecv', 'a=rtpmap:110 telephone-event/48000\r\na=sendrecv');
    const result = createAnswer(offer(text), LOCAL, CAPS);
    assert.ok(result.ok);
    assert.equal(result.audio?.telephoneEvent?.clockRate, 48000);
    assert.deepEqual(result.answer.media[0]?.formats.filter((f) => f.encoding === 'telephone-event').map((f) => f.payloadType), [110], 'one telephone-event in the answer');
  });

  test('RTP over a Parley peer connection: PARLEY/RTP/AVP, the m= port a datagram channel, c= the device', () => {
    const device = 'ybndrfg8ejkmcpqxot1uwisza345h769ybndrfg8ejkmcpqxot1u.parley.invalid';
    const parley: LocalEndpoint = { ...LOCAL, address: device, port: 7, protocol: 'PARLEY/RTP/AVP' };
    const ours = createOffer(parley, CAPS);
    const text = serializeSdp(ours);
    assert.match(text, /^c=IN IP4 ybndrfg8.*\.parley\.invalid\r$/m);
    assert.match(text, /^m=audio 7 PARLEY\/RTP\/AVP /m);
    const answered = createAnswer(offer(text), { ...parley, port: 9 }, CAPS);
    assert.ok(answered.ok && answered.audio);
    assert.deepEqual([answered.audio.remoteAddress, answered.audio.remotePort, answered.answer.media[0]?.protocol], [device, 7, 'PARLEY/RTP/AVP']);
    const overUdp = createAnswer(offer(text), LOCAL, CAPS);
    assert.equal(overUdp.ok, false, 'a UDP endpoint does not take a stream offered on a peer connection');
  });

  test('rejects a stream it does not take with port 0, keeping its m= line and a format', () => {
    const result = createAnswer(offer(RICH_OFFER), LOCAL, CAPS);
    assert.ok(result.ok);
    assert.equal(result.answer.media.length, 2, 'one m= line per offered one, in order');
    assert.equal(result.answer.media[1]?.kind, 'video');
    assert.equal(result.answer.media[1]?.port, 0);
    assert.match(serializeSdp(result.answer), /^m=video 0 RTP\/AVP 97\r$/m);
  });

  test('fails when no audio codec is shared (the caller answers 488)', () => {
    const g729 = crlf(['v=0', 'o=- 1 1 IN IP4 1.2.3.4', 's=-', 'c=IN IP4 1.2.3.4', 't=0 0', 'm=audio 5004 RTP/AVP 18']);
    assert.deepEqual(createAnswer(offer(g729), LOCAL, CAPS), { ok: false, reason: 'no audio codec in common' });
  });

  test('answers an offer our own createOffer makes', () => {
    const ours = serializeSdp(createOffer({ ...LOCAL, port: 9000 }, CAPS));
    const result = createAnswer(offer(ours), LOCAL, { ...CAPS, codecs: CAPS.codecs.slice(1) });
    assert.ok(result.ok);
    assert.equal(result.audio?.codec.encoding, 'PCMU');
    assert.equal(result.audio?.remotePort, 9000);
  });
});

describe('directions', () => {
  const table: Array<[string, boolean, string]> = [
    ['sendrecv', false, 'sendrecv'],
    ['sendonly', false, 'recvonly'],
    ['recvonly', false, 'sendonly'],
    ['inactive', false, 'inactive'],
    ['sendrecv', true, 'sendonly'],
    ['sendonly', true, 'inactive'],
  ];
  for (const [offered, hold, answered] of table) {
    test(`an offered ${offered} is answered ${answered}${hold ? ' while we hold' : ''} (RFC 3264 §6.1)`, () => {
      assert.equal(answerDirection(offered as 'sendrecv', hold), answered);
    });
  }

  test('hold offers sendonly, or inactive when the peer already holds us; resume undoes it (§8.4)', () => {
    assert.equal(holdDirection('sendrecv', true), 'sendonly');
    assert.equal(holdDirection('recvonly', true), 'inactive');
    assert.equal(holdDirection('sendonly', false), 'sendrecv');
    assert.equal(holdDirection('inactive', false), 'recvonly');
  });

  test('a held offer from the peer (sendonly) is answered recvonly in the SDP text', () => {
    const held = SIPP_OFFER.replace('a=rtpmap:0 PCMU/8000\r\n', 'a=rtpmap:0 PCMU/8000\r\na=sendonly\r\n');
    const result = createAnswer(offer(held), LOCAL, CAPS);
    assert.ok(result.ok);
    assert.match(serializeSdp(result.answer), /^a=recvonly\r$/m);
  });
});
