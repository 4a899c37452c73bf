import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SDP_ANSWER, SDP_OFFER, twoPeers } from '../../../helpers/sip-ua-peers.js';

describe('calls over a UDP network that loses 20% of datagrams (seeded)', () => {
  for (const seed of [7, 42]) {
    test(`seed ${seed}: 20 calls ring, answer, confirm and hang up on both ends through retransmissions alone`, async () => {
      const peers = twoPeers({ loss: 0.2, seed, latencyMs: 5 });
      const bobEvents: string[] = [];
      peers.bob.onIncomingInvite((invite) => {
        invite.ring();
        const session = invite.accept(SDP_ANSWER);
        session.onAcknowledged(() => bobEvents.push('acked'));
        session.onEnded((e) => bobEvents.push(`ended ${e.by} ${e.reason}`));
      });
      const calls = Array.from({ length: 20 }, (_, i) => {
        const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
        const log: string[] = [];
        call.onEstablished((session) => {
          log.push('established');
          peers.clock.setTimer(5_000 + i * 100, () => session.bye());
        });
        call.onFailed((f) => log.push(`failed ${f.status}`));
        call.onEnded((e) => log.push(`ended ${e.by}`));
        return log;
      });
      await peers.run(80_000);
      for (const log of calls) assert.deepEqual(log, ['established', 'ended local']);
      assert.equal(bobEvents.filter((e) => e === 'acked').length, 20, 'every 2xx was acknowledged');
      assert.equal(bobEvents.filter((e) => e === 'ended remote bye').length, 20);
      const lost = peers.net.wire.filter((r) => r.dropped).length;
      assert.ok(lost > 0.1 * peers.net.wire.length, `the network really lost datagrams (${lost} of ${peers.net.wire.length})`);
      assert.equal(peers.alice.dialogCount + peers.bob.dialogCount, 0);
      assert.equal(peers.alice.transactionCount + peers.bob.transactionCount, 0, 'every transaction ended');
    });
  }
});
