import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RTCP_COMPENSATION, rtcpIntervalSeconds, type RtcpIntervalInput } from '../../../../src/main/media/rtcp/rtcp-interval.js';

// A two-party call at 64 kb/s: RTCP gets 5 % = 400 octets/s (§6.2).
const CALL: RtcpIntervalInput = { members: 2, senders: 2, rtcpBandwidth: 400, weSent: true, averageRtcpSize: 120, initial: false };
const middle = () => 0.5; // random() + 0.5 = 1: the deterministic interval, compensated

describe('the RTCP interval (RFC 3550 §6.2, A.7)', () => {
  const cases: Array<[string, RtcpIntervalInput, number]> = [
    ['a two-party call waits the 5 s minimum', CALL, 5],
    ['before the first report the minimum is halved', { ...CALL, initial: true }, 2.5],
    // 1000 members, 1 sender (us): senders get a quarter of 400 octets/s, n = 1 → 1.2 s → minimum.
    ['a lone sender among many listeners', { ...CALL, members: 1000, senders: 1 }, 5],
    // A listener among them: 0.75 × 400 = 300 octets/s shared by 999 receivers: 120 × 999 / 300 = 399.6 s.
    ['a listener in a large session', { ...CALL, members: 1000, senders: 1, weSent: false }, 399.6],
    // Many senders (more than a quarter): everyone shares all of it: 120 × 100 / 400 = 30 s.
    ['a conference where all 100 talk', { ...CALL, members: 100, senders: 100 }, 30],
    ['no bandwidth at all still gives the minimum, not infinity', { ...CALL, rtcpBandwidth: 0 }, 5],
  ];
  for (const [name, input, deterministic] of cases) {
    test(`${name}: ${deterministic} s before randomisation`, () => {
      assert.ok(Math.abs(rtcpIntervalSeconds(input, middle) - deterministic / RTCP_COMPENSATION) < 1e-9);
    });
  }

  test('randomises over [0.5, 1.5) of the interval, divided by e − 3/2', () => {
    assert.ok(Math.abs(rtcpIntervalSeconds(CALL, () => 0) - 2.5 / RTCP_COMPENSATION) < 1e-9);
    assert.ok(rtcpIntervalSeconds(CALL, () => 0.999_999) < 7.5 / RTCP_COMPENSATION);
    const values = Array.from({ length: 1000 }, (_, i) => rtcpIntervalSeconds(CALL, () => i / 1000));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    assert.ok(Math.abs(mean - 5 / RTCP_COMPENSATION) < 0.01, `mean ${mean}`);
  });
});
