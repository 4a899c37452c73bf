import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { toneRatio } from '../../../../src/main/media/audio/tone-analysis.js';
import { MemorySink, SilenceSource, ToneSource } from '../../../../src/main/media/session/audio-io.js';
import { MediaSessionCore } from '../../../../src/main/media/session/media-session-core.js';
import { isMediaSessionError } from '../../../../src/main/media/session/media-session-error.js';
import { isRtcp } from '../../../../src/main/media/rtcp/rtcp-mux.js';
import { decodeRtpPacket } from '../../../../src/main/media/rtp/rtp-packet.js';
import { seededRandom } from '../../../../src/main/seeded-random.js';
import { after, NEGOTIATED, sessionPair, type TestCodec } from './session-pair.js';

const RATE = 48000;
const tones = () => ({ aSource: new ToneSource(440), bSource: new ToneSource(1000) });

describe('two media sessions back to back carry each other’s tone', () => {
  for (const codec of ['opus', 'PCMU', 'PCMA'] as TestCodec[]) {
    test(`${codec}: A hears B’s 1000 Hz and B hears A’s 440 Hz, never their own`, () => {
      const pair = sessionPair({ codec, ...tones() });
      pair.run(2000);
      const aHeard = after(pair.aHeard.samples(), 200);
      const bHeard = after(pair.bHeard.samples(), 200);
      assert.ok(toneRatio(aHeard, RATE, 1000) >= 0.9, `A hears 1000 Hz in ${toneRatio(aHeard, RATE, 1000)} of windows`);
      assert.ok(toneRatio(bHeard, RATE, 440) >= 0.9, `B hears 440 Hz in ${toneRatio(bHeard, RATE, 440)} of windows`);
      assert.equal(toneRatio(aHeard, RATE, 440), 0, 'A does not hear itself');
      assert.equal(toneRatio(bHeard, RATE, 1000), 0, 'B does not hear itself');
      assert.equal(pair.aHeard.samples().length, 100 * 960, 'the sink gets one 20 ms frame a tick');
    });
  }
});

describe('DTMF (RFC 4733)', () => {
  for (const codec of ['opus', 'PCMU'] as TestCodec[]) {
    test(`${codec}: the digits A sends reach B once each, in order`, () => {
      const pair = sessionPair({ codec, ...tones() });
      const digits: string[] = [];
      pair.b.on('dtmfReceived', (event) => digits.push(event.digit));
      pair.run(200);
      pair.a.sendDtmf('123#');
      pair.run(2000);
      assert.deepEqual(digits, ['1', '2', '3', '#']);
    });
  }

  test('audio is suppressed while an event is on the wire, and resumes after it', () => {
    const session = new MediaSessionCore({ codec: NEGOTIATED.PCMU, telephoneEventPayloadType: 101, source: new ToneSource(440), sink: new MemorySink(), random: seededRandom(5) });
    const sent: number[] = [];
    let now = 0;
    const run = (ticks: number) => {
      for (let i = 0; i < ticks; i++, now += 20) {
        for (const datagram of session.tick(now)) {
          const decoded = decodeRtpPacket(datagram);
          if (decoded.ok && !isRtcp(datagram)) sent.push(decoded.packet.payloadType);
        }
      }
    };
    run(5);
    session.sendDtmf('5');
    run(15);
    // 100 ms of tone: a start packet, three updates, then the end packet three times (§2.5.1.4).
    assert.deepEqual(sent, [0, 0, 0, 0, 0, 101, 101, 101, 101, 101, 101, 101, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('digits need a negotiated telephone-event and must be DTMF', () => {
    const session = new MediaSessionCore({ codec: NEGOTIATED.PCMU, source: new SilenceSource(), sink: new MemorySink(), random: seededRandom(3) });
    assert.throws(() => session.sendDtmf('1'), (error) => isMediaSessionError(error, 'MEDIA_DTMF_NOT_NEGOTIATED'));
    const pair = sessionPair({ codec: 'PCMU', ...tones() });
    assert.throws(() => pair.a.sendDtmf('12x'), (error) => isMediaSessionError(error, 'MEDIA_BAD_DIGITS'));
    assert.throws(() => pair.a.sendDtmf(''), (error) => isMediaSessionError(error, 'MEDIA_BAD_DIGITS'));
  });
});

describe('mute and hold', () => {
  test('muting A stops its tone reaching B; unmuting brings it back', () => {
    const pair = sessionPair({ codec: 'opus', ...tones() });
    pair.run(1000);
    pair.a.setMuted(true);
    pair.run(1000);
    const muted = pair.bHeard.samples().subarray(-0.8 * RATE);
    assert.equal(toneRatio(muted, RATE, 440), 0, 'silence while muted');
    assert.ok(pair.a.statistics().packetsSent >= 99, 'muted still sends (silence), so NAT bindings and RTCP stay up');
    pair.a.setMuted(false);
    pair.run(1000);
    assert.ok(toneRatio(pair.bHeard.samples().subarray(-0.8 * RATE), RATE, 440) >= 0.9, 'the tone is back');
  });

  const cases = [
    { direction: 'sendonly', aHearsB: false, bHearsA: true },
    { direction: 'recvonly', aHearsB: true, bHearsA: false },
    { direction: 'inactive', aHearsB: false, bHearsA: false },
    { direction: 'sendrecv', aHearsB: true, bHearsA: true },
  ] as const;
  for (const { direction, aHearsB, bHearsA } of cases) {
    test(`A ${direction}: A ${aHearsB ? 'hears' : 'does not hear'} B, B ${bHearsA ? 'hears' : 'does not hear'} A`, () => {
      const pair = sessionPair({ codec: 'PCMU', ...tones() });
      pair.run(500);
      pair.a.setDirection(direction);
      pair.run(1500);
      const aHeard = pair.aHeard.samples().subarray(-RATE);
      const bHeard = pair.bHeard.samples().subarray(-RATE);
      assert.equal(toneRatio(aHeard, RATE, 1000) >= 0.9, aHearsB, `A hears B in ${toneRatio(aHeard, RATE, 1000)}`);
      assert.equal(toneRatio(bHeard, RATE, 440) >= 0.9, bHearsA, `B hears A in ${toneRatio(bHeard, RATE, 440)}`);
      if (!aHearsB) assert.equal(toneRatio(aHeard, RATE, 1000), 0);
      if (!bHearsA) assert.equal(toneRatio(bHeard, RATE, 440), 0);
    });
  }
});

describe('statistics, RTCP and levels', () => {
  test('a clean path: packets counted, nothing lost or concealed, RTT from SR/RR, a high MOS', () => {
    const pair = sessionPair({ codec: 'PCMU', ...tones() });
    pair.run(12_000);
    const a = pair.a.statistics();
    const b = pair.b.statistics();
    assert.equal(a.packetsSent, 600);
    assert.ok(b.packetsReceived >= 598, `${b.packetsReceived} received (the first is A.1 probation)`);
    assert.equal(b.packetsLost, 0);
    assert.equal(b.concealedFrames, 0);
    assert.ok(b.playoutDelayMs >= 0 && b.playoutDelayMs <= 60, `playout delay ${b.playoutDelayMs} ms`);
    assert.ok(a.roundTripTimeMs !== null && Math.abs(a.roundTripTimeMs - 2) < 0.1, `RTT ${a.roundTripTimeMs} ms (1 ms each way)`);
    assert.ok(b.mos > 4.2, `MOS ${b.mos}`);
  });

  test('a lossy path: loss and concealed frames show', () => {
    const pair = sessionPair({ codec: 'PCMU', ...tones(), lossAtoB: 0.1, seed: 9 });
    pair.run(10_000);
    const b = pair.b.statistics();
    assert.ok(Math.abs(b.packetsLost - pair.dropped()) <= 1, `${b.packetsLost} lost, ${pair.dropped()} dropped`);
    assert.ok(b.lossFraction > 0.06 && b.lossFraction < 0.14, `loss ${b.lossFraction}`);
    assert.ok(b.concealedFrames >= pair.dropped() * 0.8, `${b.concealedFrames} concealed`);
    assert.ok(b.mos < pair.a.statistics().mos, 'loss lowers the MOS');
  });

  test('levels come a few times a second and read the tone’s level', () => {
    const pair = sessionPair({ codec: 'opus', ...tones() });
    const levels: { input: number; output: number; muted: boolean }[] = [];
    pair.a.on('levels', (event) => levels.push({ input: event.input.rmsDbfs, output: event.output.rmsDbfs, muted: event.muted }));
    pair.run(2000);
    assert.ok(levels.length >= 8 && levels.length <= 10, `${levels.length} level events in 2 s`);
    const last = levels[levels.length - 1];
    assert.ok(last && Math.abs(last.input - -9) < 0.5, `input ${last?.input} dBFS (a 0.5 sine is −9 dBFS)`);
    assert.ok(last && last.output > -15, `output ${last?.output} dBFS`);
  });

  test('a file source that ends says so once', () => {
    const pair = sessionPair({ codec: 'PCMU', aSource: { read: (n) => new Int16Array(n), ended: true }, bSource: new SilenceSource() });
    let ended = 0;
    pair.a.on('sourceEnded', () => (ended += 1));
    pair.run(200);
    assert.equal(ended, 1);
  });
});

describe('what the session refuses', () => {
  const make = (codec: { encodingName: string; payloadType: number; clockRate: number }, telephoneEventPayloadType?: number) =>
    new MediaSessionCore({ codec, telephoneEventPayloadType, source: new SilenceSource(), sink: new MemorySink(), random: seededRandom(4) });
  const bad = [
    { name: 'an unknown codec', codec: { encodingName: 'G729', payloadType: 18, clockRate: 8000 } },
    { name: 'the wrong clock rate', codec: { encodingName: 'opus', payloadType: 111, clockRate: 8000 } },
    { name: 'a payload type RTCP would shadow', codec: { encodingName: 'PCMU', payloadType: 72, clockRate: 8000 } },
    { name: 'telephone-event on the audio payload type', codec: NEGOTIATED.PCMU, te: 0 },
  ];
  for (const { name, codec, te } of bad) {
    test(`${name} is MEDIA_BAD_CONFIG`, () => {
      assert.throws(() => make(codec, te), (error) => isMediaSessionError(error, 'MEDIA_BAD_CONFIG'));
    });
  }

  test('garbage, other payload types and a closed session are ignored, not thrown', () => {
    const session = make(NEGOTIATED.PCMU, 101);
    session.receive(new Uint8Array([1, 2, 3]), 0);
    session.receive(Uint8Array.of(0x80, 0xc8, 0, 0), 0); // an RTCP SR header without its body
    session.receive(Uint8Array.of(0x80, 18, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xff), 0); // G.729
    assert.deepEqual(session.receiveCounters, { malformed: 2, unknownPayloadType: 1, decodeErrors: 0, ssrcChanges: 0 });
    const bye = session.close(0);
    assert.equal(bye.length, 1);
    assert.deepEqual(session.tick(20), []);
    assert.throws(() => session.sendDtmf('1'), (error) => isMediaSessionError(error, 'MEDIA_SESSION_CLOSED'));
  });
});

describe('RTCP on the RTP port only when agreed (RFC 5761)', () => {
  function rtcpSent(rtcpMux: boolean | undefined): { reports: number; bye: number } {
    const session = new MediaSessionCore({ codec: NEGOTIATED.PCMU, ...(rtcpMux === undefined ? {} : { rtcpMux }), source: new ToneSource(440), sink: new MemorySink(), random: seededRandom(9) });
    let reports = 0;
    for (let now = 0; now < 20_000; now += 20) reports += session.tick(now).filter((datagram) => isRtcp(datagram)).length;
    return { reports, bye: session.close(20_000).length };
  }

  test('a session the peer agreed rtcp-mux with sends reports and a BYE', () => {
    const sent = rtcpSent(undefined);
    assert.ok(sent.reports >= 2, `${sent.reports} reports in 20 s`);
    assert.equal(sent.bye, 1);
  });

  test('without rtcp-mux nothing RTCP goes to the RTP port, not even the BYE', () => {
    assert.deepEqual(rtcpSent(false), { reports: 0, bye: 0 });
  });
});
