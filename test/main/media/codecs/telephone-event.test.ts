import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DtmfReceiver } from '../../../../src/main/media/codecs/dtmf-receiver.js';
import { DtmfSender, type TelephoneEventPacket } from '../../../../src/main/media/codecs/dtmf-sender.js';
import { isMediaCodecError } from '../../../../src/main/media/codecs/media-codec-error.js';
import { decodeTelephoneEvent, dtmfDigitOf, dtmfEventCode, encodeTelephoneEvent, type TelephoneEvent } from '../../../../src/main/media/codecs/telephone-event.js';

describe('RFC 4733 §2.3 payload: event | E R volume | duration', () => {
  const vectors: { event: TelephoneEvent; bytes: number[] }[] = [
    { event: { event: 1, end: false, volume: 10, duration: 160 }, bytes: [0x01, 0x0a, 0x00, 0xa0] },
    { event: { event: 11, end: true, volume: 10, duration: 800 }, bytes: [0x0b, 0x8a, 0x03, 0x20] },
    { event: { event: 10, end: false, volume: 63, duration: 0 }, bytes: [0x0a, 0x3f, 0x00, 0x00] },
    { event: { event: 15, end: true, volume: 0, duration: 65535 }, bytes: [0x0f, 0x80, 0xff, 0xff] },
    { event: { event: 16, end: false, volume: 7, duration: 4800 }, bytes: [0x10, 0x07, 0x12, 0xc0] },
  ];
  for (const { event, bytes } of vectors) {
    test(`${JSON.stringify(event)} ↔ ${bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')}`, () => {
      assert.deepEqual([...encodeTelephoneEvent(event)], bytes);
      assert.deepEqual(decodeTelephoneEvent(Uint8Array.from(bytes)), event);
    });
  }

  test('the reserved R bit is ignored on receipt; extra bytes are ignored; short payloads are not events', () => {
    assert.deepEqual(decodeTelephoneEvent(Uint8Array.of(0x05, 0x4a, 0x01, 0x40, 0xff)), { event: 5, end: false, volume: 10, duration: 320 });
    assert.equal(decodeTelephoneEvent(Uint8Array.of(0x05, 0x0a, 0x01)), undefined);
    assert.equal(decodeTelephoneEvent(new Uint8Array(0)), undefined);
  });

  const invalid: TelephoneEvent[] = [
    { event: 256, end: false, volume: 10, duration: 0 },
    { event: 1, end: false, volume: 64, duration: 0 },
    { event: 1, end: false, volume: 10, duration: 65536 },
    { event: 1, end: false, volume: 10, duration: -1 },
  ];
  for (const event of invalid) {
    test(`${JSON.stringify(event)} cannot be encoded (TELEPHONE_EVENT_INVALID)`, () => {
      assert.throws(() => encodeTelephoneEvent(event), (e) => isMediaCodecError(e, 'TELEPHONE_EVENT_INVALID'));
    });
  }

  test('DTMF digits map to events 0–15 (§3.2): 0–9, * = 10, # = 11, A–D = 12–15', () => {
    const table: [string, number][] = [['0', 0], ['5', 5], ['9', 9], ['*', 10], ['#', 11], ['A', 12], ['d', 15]];
    for (const [digit, code] of table) {
      assert.equal(dtmfEventCode(digit), code, digit);
      assert.equal(dtmfDigitOf(code), digit.toUpperCase());
    }
    assert.equal(dtmfEventCode('E'), undefined);
    assert.equal(dtmfEventCode('12'), undefined);
    assert.equal(dtmfDigitOf(16), undefined, 'flash is not a digit');
  });
});

/** Runs the sender on a 20 ms clock from `start`, collecting every packet until it is idle. */
function sendAll(digits: string, clockRate = 8000, start = 1000): TelephoneEventPacket[] {
  const sender = new DtmfSender({ clockRate });
  sender.send(digits);
  const packets: TelephoneEventPacket[] = [];
  for (let tick = 0; sender.busy && tick < 1000; tick++) {
    const packet = sender.tick((start + tick * (clockRate / 50)) >>> 0);
    if (packet) packets.push(packet);
  }
  return packets;
}

describe('the DTMF sender (RFC 4733 §2.5.1)', () => {
  test('one digit: a marked start, updates every 20 ms with a growing duration, then 3 end packets, all at one timestamp', () => {
    const packets = sendAll('1');
    assert.deepEqual(
      packets.map((p) => [p.marker, p.event.event, p.event.end, p.event.duration, p.timestamp]),
      [
        [true, 1, false, 160, 1000],
        [false, 1, false, 320, 1000],
        [false, 1, false, 480, 1000],
        [false, 1, false, 640, 1000],
        [false, 1, true, 800, 1000],
        [false, 1, true, 800, 1000],
        [false, 1, true, 800, 1000],
      ],
    );
    assert.deepEqual([...(packets[4]?.payload ?? [])], [0x01, 0x8a, 0x03, 0x20]);
  });

  test('digits are separated by a gap and each starts at the timestamp of its own first packet', () => {
    const packets = sendAll('12', 48000, 0xffff_ff00); // and across the 32-bit wrap
    const starts = packets.filter((p) => p.marker);
    assert.equal(starts.length, 2);
    const [first, second] = starts;
    assert.equal(first?.timestamp, 0xffff_ff00);
    // 7 packets for the first digit, then a 60 ms gap of 3 ticks: the second starts at tick 10.
    assert.equal(second?.timestamp, (0xffff_ff00 + 10 * 960) >>> 0);
    assert.equal(packets.filter((p) => p.event.event === 2 && p.event.end).length, 3);
    assert.equal(packets.find((p) => p.event.end)?.event.duration, 4800, '100 ms at 48 kHz');
  });

  test('an unknown digit rejects the whole string', () => {
    const sender = new DtmfSender({ clockRate: 8000 });
    assert.throws(() => sender.send('12X'), (e) => isMediaCodecError(e, 'TELEPHONE_EVENT_INVALID'));
    assert.equal(sender.busy, false);
  });
});

describe('DTMF sender → receiver delivers "123#" once each', () => {
  type Impairment = (packets: TelephoneEventPacket[]) => TelephoneEventPacket[];
  const impairments: { name: string; impair: Impairment }[] = [
    { name: 'a clean path', impair: (p) => p },
    { name: 'every packet duplicated', impair: (p) => p.flatMap((x) => [x, x]) },
    { name: 'the start packet of every digit lost', impair: (p) => p.filter((x) => !x.marker) },
    { name: 'everything but one end packet lost', impair: (p) => p.filter((x, i) => x.event.end && !p[i - 1]?.event.end) },
    { name: 'two of three end packets lost', impair: (p) => p.filter((x, i) => !(x.event.end && p[i + 1]?.event.end)) },
    { name: 'end packets arriving late, after the next digit began', impair: (p) => [...p.filter((x) => !x.event.end), ...p.filter((x) => x.event.end)] },
    { name: 'the whole stream replayed', impair: (p) => [...p, ...p] },
  ];
  for (const { name, impair } of impairments) {
    test(name, () => {
      const receiver = new DtmfReceiver();
      const digits = impair(sendAll('123#')).map((packet) => receiver.receive(packet)?.digit ?? '').join('');
      assert.equal(digits, '123#');
    });
  }

  test('the same digit pressed twice is two digits; a long event split into segments (§2.5.1.3) is one', () => {
    const receiver = new DtmfReceiver();
    assert.equal(sendAll('55').map((p) => receiver.receive(p)?.digit ?? '').join(''), '55');
    const segmented = new DtmfReceiver();
    const first = { timestamp: 1000, payload: encodeTelephoneEvent({ event: 7, end: false, volume: 10, duration: 65535 }) };
    const continuation = { timestamp: 1000 + 65535, payload: encodeTelephoneEvent({ event: 7, end: true, volume: 10, duration: 800 }) };
    assert.equal(segmented.receive(first)?.digit, '7');
    assert.equal(segmented.receive(continuation), undefined);
  });

  test('non-DTMF events and short payloads give no digit', () => {
    const receiver = new DtmfReceiver();
    assert.equal(receiver.receive({ timestamp: 1, payload: encodeTelephoneEvent({ event: 16, end: false, volume: 10, duration: 160 }) }), undefined);
    assert.equal(receiver.receive({ timestamp: 2, payload: Uint8Array.of(1, 2) }), undefined);
  });
});
