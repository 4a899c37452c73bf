import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PlayoutBuffer } from '../../../../src/main/media/playout/playout-buffer.js';
import { callStatistics } from '../../../../src/main/media/rtcp/call-statistics.js';
import { estimateMos } from '../../../../src/main/media/rtcp/mos-estimate.js';
import { RtpReceiverStats } from '../../../../src/main/media/rtp/rtp-receiver-stats.js';

describe('a call statistics snapshot', () => {
  test('gathers sender, receiver and playout figures, and rates them', () => {
    const receiver = new RtpReceiverStats(8000);
    const playout = new PlayoutBuffer({ clockRate: 8000 });
    for (let seq = 0; seq < 100; seq += 1) {
      if (seq % 10 === 5) continue; // 10 % lost
      receiver.record(seq, seq * 160, seq * 20);
      playout.push({ seq, timestamp: seq * 160, payload: new Uint8Array(1), arrivalMs: seq * 20 });
      playout.pull(seq * 20 + 10);
    }
    const stats = callStatistics({ codec: 'PCMU', frameMs: 20, sender: { packetCount: 120, octetCount: 19200 }, receiver, playout: playout.stats(), roundTripTimeMs: 80 });
    assert.equal(stats.packetsSent, 120);
    assert.equal(stats.packetsReceived, 89, 'the first packet is the source’s probation (A.1)');
    assert.equal(stats.packetsLost, 10);
    assert.equal(stats.lossFraction, 10 / 99);
    assert.equal(stats.roundTripTimeMs, 80);
    assert.ok(stats.concealedFrames >= 9, `${stats.concealedFrames} concealed`);
    assert.equal(stats.oneWayDelayMs, 40 + stats.playoutDelayMs + 20);
    assert.equal(stats.mos, estimateMos({ codec: 'PCMU', oneWayDelayMs: stats.oneWayDelayMs, lossFraction: 10 / 99 }).mos);
  });

  test('reports no RTT as null, and no loss before any packet', () => {
    const stats = callStatistics({
      codec: 'opus', frameMs: 20, sender: { packetCount: 0, octetCount: 0 }, receiver: new RtpReceiverStats(48000),
      playout: new PlayoutBuffer({ clockRate: 48000 }).stats(), roundTripTimeMs: undefined,
    });
    assert.equal(stats.roundTripTimeMs, null);
    assert.deepEqual([stats.packetsLost, stats.lossFraction, stats.concealedFrames], [0, 0, 0]);
    assert.ok(stats.mos > 4.3);
  });
});
