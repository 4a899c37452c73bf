import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RtpError } from '../../../../src/main/media/rtp/rtp-error.js';
import { RtpSender } from '../../../../src/main/media/rtp/rtp-sender.js';

/** A random source that returns the given values in turn: SSRC, sequence number, timestamp. */
const queue = (...values: number[]) => () => values.shift() ?? 0;
const frame = new Uint8Array(10);

describe('the RTP sender', () => {
  test('draws SSRC, first sequence number and first timestamp from the injected random source', () => {
    const sender = new RtpSender({ payloadType: 111, clockRate: 48000, random: queue(0.5, 0.25, 0.75) });
    const packet = sender.sendFrame(frame);
    assert.deepEqual([packet.ssrc, packet.sequenceNumber, packet.timestamp], [2 ** 31, 16384, 3 * 2 ** 30]);
  });

  const rates: Array<[string, number, number | undefined, number]> = [
    ['Opus, 48 kHz, 20 ms', 48000, undefined, 960],
    ['PCMU, 8 kHz, 20 ms', 8000, undefined, 160],
    ['PCMU, 8 kHz, 30 ms frames', 8000, 240, 240],
  ];
  for (const [name, clockRate, samplesPerFrame, step] of rates) {
    test(`${name}: the timestamp advances ${step} a frame, the sequence number by 1`, () => {
      const sender = new RtpSender({ payloadType: 0, clockRate, samplesPerFrame, random: queue(0, 0.1, 0.2) });
      const [a, b, c] = [sender.sendFrame(frame), sender.sendFrame(frame), sender.sendFrame(frame)];
      assert.deepEqual([b.timestamp - a.timestamp, c.timestamp - b.timestamp], [step, step]);
      assert.deepEqual([b.sequenceNumber - a.sequenceNumber, c.sequenceNumber - b.sequenceNumber], [1, 1]);
    });
  }

  test('wraps the sequence number at 65535 → 0 and the timestamp at 2^32 → 0', () => {
    const sender = new RtpSender({ payloadType: 0, clockRate: 8000, ssrc: 7, random: queue(65535.5 / 65536, (2 ** 32 - 160) / 2 ** 32) });
    const first = sender.sendFrame(frame);
    const second = sender.sendFrame(frame);
    assert.deepEqual([first.sequenceNumber, first.timestamp], [65535, 2 ** 32 - 160]);
    assert.deepEqual([second.sequenceNumber, second.timestamp], [0, 0]);
  });

  test('sets the marker on the first packet and on the first after unsent silence (DTX)', () => {
    const sender = new RtpSender({ payloadType: 0, clockRate: 8000, random: queue(0, 0, 0) });
    const markers = [sender.sendFrame(frame), sender.sendFrame(frame)].map((p) => p.marker);
    sender.skipSilence();
    sender.skipSilence(320);
    const resumed = sender.sendFrame(frame);
    markers.push(resumed.marker, sender.sendFrame(frame).marker);
    assert.deepEqual(markers, [true, false, true, false]);
    assert.equal(resumed.timestamp, 2 * 160 + 160 + 320, 'silence moves the timestamp on');
    assert.equal(resumed.sequenceNumber, 2, 'but not the sequence number');
  });

  test('counts packets and payload octets for sender reports (§6.4.1)', () => {
    const sender = new RtpSender({ payloadType: 0, clockRate: 8000, random: queue() });
    sender.sendFrame(new Uint8Array(160));
    sender.sendFrame(new Uint8Array(80));
    assert.deepEqual(sender.counters, { packetCount: 2, octetCount: 240 });
  });

  const bad: Array<[string, ConstructorParameters<typeof RtpSender>[0], string]> = [
    ['payload type 128', { payloadType: 128, clockRate: 8000, random: queue() }, 'RTP_FIELD_OUT_OF_RANGE'],
    ['a zero clock rate', { payloadType: 0, clockRate: 0, random: queue() }, 'RTP_BAD_CONFIG'],
    ['a fractional frame', { payloadType: 0, clockRate: 8000, samplesPerFrame: 2.5, random: queue() }, 'RTP_BAD_CONFIG'],
  ];
  for (const [name, options, code] of bad) {
    test(`refuses ${name}`, () => assert.throws(() => new RtpSender(options), (e: unknown) => e instanceof RtpError && e.code === code));
  }
});
