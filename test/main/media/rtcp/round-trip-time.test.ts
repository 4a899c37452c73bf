import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NTP_UNIX_OFFSET_SECONDS, compactNtp, msToCompactNtpUnits, ntpFromMs } from '../../../../src/main/media/rtcp/ntp-timestamp.js';
import { delaySinceLastSenderReport, roundTripTimeMs } from '../../../../src/main/media/rtcp/round-trip-time.js';

describe('round-trip time from LSR and DLSR (RFC 3550 §6.4.1)', () => {
  const cases: Array<[string, number, number, number, number | undefined]> = [
    // name, A (arrival, compact NTP), LSR, DLSR, RTT ms
    ['the example of §6.4.1 (Figure 2): 0xb710:8000 − 0xb705:2000 − 0x0005:4000 = 6.125 s', 0xb710_8000, 0xb705_2000, 0x0005_4000, 6125],
    ['a LAN: 1 ms', 0x0001_0000 + 66 + 0x1000, 0x0001_0000, 0x1000, (66 * 1000) / 65536],
    ['across the 2^32 wrap of the compact time', 0x0000_4000, 0xffff_c000, 0x4000, 250],
    ['no SR from us yet (LSR = 0)', 0x1234_0000, 0, 0, undefined],
    ['a peer claiming to have held our SR longer than the round trip', 0x0002_0000, 0x0001_0000, 0x0002_0000, undefined],
  ];
  for (const [name, arrival, lsr, dlsr, rtt] of cases) {
    test(name, () => {
      const result = roundTripTimeMs(arrival, lsr, dlsr);
      if (rtt === undefined) assert.equal(result, undefined);
      else assert.ok(result !== undefined && Math.abs(result - rtt) < 1e-9, `${result}`);
    });
  }

  test('DLSR counts 1/65536 s since the peer’s SR arrived, 0 if none did', () => {
    assert.equal(delaySinceLastSenderReport(1000, 6250), 0x0005_4000);
    assert.equal(delaySinceLastSenderReport(undefined, 6250), 0);
    assert.equal(msToCompactNtpUnits(1000), 65536);
  });

  test('a clock reading becomes an NTP timestamp and its compact middle 32 bits', () => {
    assert.deepEqual(ntpFromMs(0), { seconds: NTP_UNIX_OFFSET_SECONDS, fraction: 0 });
    assert.deepEqual(ntpFromMs(1500), { seconds: NTP_UNIX_OFFSET_SECONDS + 1, fraction: 0x8000_0000 });
    assert.equal(compactNtp({ seconds: 0x1234_b705, fraction: 0x2000_ffff }), 0xb705_2000);
    // 2036's NTP era rollover: seconds wrap to 0.
    assert.equal(ntpFromMs((2 ** 32 - NTP_UNIX_OFFSET_SECONDS) * 1000).seconds, 0);
  });

  test('an SR sent and echoed back gives the RTT, whatever the peer’s clock', () => {
    const sentAtMs = 1_000_000.25;
    const lsr = compactNtp(ntpFromMs(sentAtMs));
    const dlsr = msToCompactNtpUnits(70); // the peer held it 70 ms
    const arrival = compactNtp(ntpFromMs(sentAtMs + 70 + 42));
    const rtt = roundTripTimeMs(arrival, lsr, dlsr) ?? -1;
    assert.ok(Math.abs(rtt - 42) < 0.1, `${rtt}`);
  });
});
