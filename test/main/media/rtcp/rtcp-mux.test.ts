import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isRtcp } from '../../../../src/main/media/rtcp/rtcp-mux.js';

describe('RTP/RTCP demultiplexing on one port (RFC 5761 §4)', () => {
  const cases: Array<[string, number[], boolean]> = [
    ['RTP PCMU (PT 0)', [0x80, 0x00], false],
    ['RTP PCMU with the marker bit', [0x80, 0x80], false],
    ['RTP Opus (PT 111) with the marker bit', [0x80, 0xef], false],
    ['RTP telephone-event (PT 101)', [0x80, 0x65], false],
    ['RTP PT 63, just below the RTCP range', [0x80, 0x3f], false],
    ['RTP PT 96 with the marker (second octet 224)', [0x80, 0xe0], false],
    ['RTCP SR (200)', [0x80, 200], true],
    ['RTCP RR (201)', [0x81, 201], true],
    ['RTCP SDES, BYE, APP (202–204)', [0x81, 204], true],
    ['RTCP transport feedback (205)', [0x81, 205], true],
    ['RTCP XR (207)', [0x80, 207], true],
    ['the range edges 192 and 223', [0x80, 192], true],
    ['the range edge 223', [0x80, 223], true],
    ['a single octet', [0x80], false],
    ['nothing', [], false],
  ];
  for (const [name, bytes, rtcp] of cases) {
    test(`${name} → ${rtcp ? 'RTCP' : 'not RTCP'}`, () => assert.equal(isRtcp(Uint8Array.from(bytes)), rtcp));
  }
});
