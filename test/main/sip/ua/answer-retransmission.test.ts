import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerRetransmitSchedule, type InviteSession } from '../../../../src/main/sip/ua/index.js';
import { timerConfig } from '../../../../src/main/sip/transaction/transaction-timers.js';
import { ALICE_HOST, BOB_HOST, SDP_ANSWER, SDP_OFFER, twoPeers } from '../../../helpers/sip-ua-peers.js';

const seconds = (records: { at: number }[]): number[] => records.map((r) => r.at / 1000);

describe('the 2xx schedule of §13.3.1.4', () => {
  test('starts at T1, doubles up to T2, and gives up at 64*T1', () => {
    const table = [
      { config: timerConfig(), at: [0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], giveUp: 32 },
      { config: timerConfig({ T1: 1000, T2: 4000 }), at: [1, 3, 7, 11, 15, 19, 23, 27, 31, 35, 39, 43, 47, 51, 55, 59, 63], giveUp: 64 },
    ];
    for (const row of table) {
      const schedule = answerRetransmitSchedule(row.config);
      assert.deepEqual(schedule.retransmitAt.map((ms) => ms / 1000), row.at);
      assert.equal(schedule.giveUpAt / 1000, row.giveUp);
    }
  });
});

for (const protocol of ['UDP', 'TCP'] as const) {
  describe(`2xx retransmission until the ACK over ${protocol} (§13.3.1.4, whatever the transport)`, () => {
    test('without any ACK: the 200 is resent on schedule, the caller ACKs each copy, and at 64*T1 the callee sends BYE', async () => {
      const peers = twoPeers({ protocol });
      peers.net.dropAll((r) => r.label === 'ACK');
      let bobSession: InviteSession | undefined;
      const ends: string[] = [];
      peers.bob.onIncomingInvite((invite) => {
        bobSession = invite.accept(SDP_ANSWER);
        bobSession.onEnded((e) => ends.push(`bob ${e.by} ${e.reason}`));
      });
      const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
      call.onEnded((e) => ends.push(`alice ${e.by} ${e.reason}`));
      peers.clock.advance(31_990);
      const oks = peers.net.wire.filter((r) => r.label === '200 INVITE');
      assert.deepEqual(seconds(oks).map((s) => Math.round((s - 0.001) * 10) / 10), [0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5]);
      assert.equal(peers.net.count('ACK'), oks.length, '§13.2.2.4: an ACK for every 2xx received');
      assert.equal(bobSession?.state, 'waitingForAck');
      peers.clock.advance(100);
      assert.equal(peers.net.count('BYE', { from: BOB_HOST }), 1);
      assert.deepEqual(ends, ['bob local ackTimeout', 'alice remote bye']);
      assert.equal(peers.net.count('200 INVITE'), 11, 'no retransmission after giving up');
    });

    test('one lost ACK: the next 2xx copy is ACKed again and the retransmissions stop', async () => {
      const peers = twoPeers({ protocol });
      peers.net.dropNext((r) => r.label === 'ACK');
      let bobSession: InviteSession | undefined;
      peers.bob.onIncomingInvite((invite) => (bobSession = invite.accept(SDP_ANSWER)));
      peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
      peers.clock.advance(10_000);
      assert.equal(peers.net.count('200 INVITE'), 2);
      assert.equal(peers.net.count('ACK', { from: ALICE_HOST }), 2);
      assert.equal(bobSession?.state, 'confirmed');
    });
  });
}

describe('BYE from the callee before the ACK (§15)', () => {
  test('waits for the ACK, then goes', async () => {
    const peers = twoPeers({ latencyMs: 20 });
    peers.bob.onIncomingInvite((invite) => invite.accept(SDP_ANSWER).bye());
    const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    peers.clock.advance(200);
    const labels = peers.net.labels();
    assert.ok(labels.indexOf('ACK') < labels.indexOf('BYE'), labels.join(' '));
    assert.equal(call.session?.state, 'terminated');
  });
});
