import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentText, type IncomingInvite, type InviteSession } from '../../../../src/main/sip/ua/index.js';
import { ALICE_HOST, BOB_HOST, SDP_ANSWER, SDP_OFFER, twoPeers } from '../../../helpers/sip-ua-peers.js';

function answering(peers: ReturnType<typeof twoPeers>, answer: (invite: IncomingInvite) => void): IncomingInvite[] {
  const seen: IncomingInvite[] = [];
  peers.bob.onIncomingInvite((invite) => {
    seen.push(invite);
    answer(invite);
  });
  return seen;
}

for (const protocol of ['UDP', 'TCP'] as const) {
  describe(`a call between two UA cores over ${protocol} (RFC 3261 §13)`, () => {
    test('INVITE / 180 / 200 / ACK establishes the session on both ends, with the offer and answer passed through', async () => {
      const peers = twoPeers({ protocol });
      let bobSession: InviteSession | undefined;
      const invites = answering(peers, (invite) => {
        invite.ring();
        peers.clock.setTimer(100, () => (bobSession = invite.accept(SDP_ANSWER)));
      });
      const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
      const events: string[] = [];
      call.onProvisional((r) => events.push(`provisional ${r.status}`));
      call.onEarly(() => events.push('early'));
      let aliceSession: InviteSession | undefined;
      call.onEstablished((s) => {
        aliceSession = s;
        events.push('established');
      });
      await peers.run(300);
      assert.equal(invites.length, 1);
      assert.equal(contentText(invites[0]?.offer), SDP_OFFER.body);
      assert.deepEqual(events, ['provisional 100', 'provisional 180', 'early', 'established']);
      assert.ok(aliceSession && bobSession);
      assert.equal(aliceSession.state, 'confirmed');
      assert.equal(bobSession.state, 'confirmed', 'the ACK reached Bob');
      assert.deepEqual(peers.net.labels({ from: ALICE_HOST }), ['INVITE', 'ACK']);
      assert.deepEqual(peers.net.labels({ from: BOB_HOST }), ['100 INVITE', '180 INVITE', '200 INVITE']);
      const ok = peers.net.wire.find((r) => r.label === '200 INVITE')?.message;
      assert.equal(ok && Buffer.from(ok.body).toString(), SDP_ANSWER.body);
      assert.equal(ok?.headers.first('Content-Type'), 'application/sdp');
      // Mirrored dialog ids (§12): Alice's local tag is Bob's remote tag and vice versa.
      assert.equal(aliceSession.dialog.id.callId, bobSession.dialog.id.callId);
      assert.equal(aliceSession.dialog.id.localTag, bobSession.dialog.id.remoteTag);
      assert.equal(aliceSession.dialog.id.remoteTag, bobSession.dialog.id.localTag);
      assert.equal(peers.alice.dialogCount, 1);
      assert.equal(peers.bob.dialogCount, 1);
    });

    test('BYE from the caller ends the session on both ends and frees both dialogs', async () => {
      const peers = twoPeers({ protocol });
      const ended: string[] = [];
      answering(peers, (invite) => invite.accept(SDP_ANSWER).onEnded((e) => ended.push(`bob ${e.by} ${e.reason}`)));
      const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
      call.onEnded((e) => ended.push(`alice ${e.by} ${e.reason}`));
      await peers.run(50);
      call.session?.bye();
      await peers.run(50);
      assert.deepEqual(ended, ['alice local bye', 'bob remote bye']);
      assert.equal(call.session?.state, 'terminated');
      assert.equal(peers.alice.dialogCount, 0);
      assert.equal(peers.bob.dialogCount, 0);
      assert.ok(peers.net.labels().includes('200 BYE'));
    });

    test('BYE from the callee after the ACK ends both ends too', async () => {
      const peers = twoPeers({ protocol });
      let bobSession: InviteSession | undefined;
      answering(peers, (invite) => (bobSession = invite.accept(SDP_ANSWER)));
      const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
      const ended: string[] = [];
      call.onEnded((e) => ended.push(`alice ${e.by}`));
      await peers.run(50);
      bobSession?.bye();
      await peers.run(50);
      assert.deepEqual(ended, ['alice remote']);
      assert.equal(bobSession?.state, 'terminated');
    });

    test('an INVITE without an offer gets the offer in the 2xx and the answer in the ACK (§13.2.1)', async () => {
      const peers = twoPeers({ protocol });
      const acked: string[] = [];
      answering(peers, (invite) => invite.accept(SDP_OFFER).onAcknowledged((ack) => acked.push(contentText(ack.content))));
      const call = peers.alice.invite(peers.bobUri, { answerOffer: () => SDP_ANSWER });
      await peers.run(50);
      assert.equal(call.state, 'established');
      assert.deepEqual(acked, [SDP_ANSWER.body]);
    });
  });
}

describe('failed calls (§13.2.2.3)', () => {
  for (const [status, reason] of [
    [486, 'Busy Here'],
    [603, 'Decline'],
  ] as const) {
    test(`${status} ${reason}: the caller's attempt fails with it, and the transaction ACKs it`, async () => {
      const peers = twoPeers();
      answering(peers, (invite) => invite.reject(status));
      const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
      const failures: { status: number; reason: string; cancelled: boolean }[] = [];
      call.onFailed((f) => failures.push({ status: f.status, reason: f.reason, cancelled: f.cancelled }));
      await peers.run(100);
      assert.deepEqual(failures, [{ status, reason, cancelled: false }]);
      assert.equal(call.state, 'failed');
      assert.deepEqual(peers.net.labels({ from: ALICE_HOST }), ['INVITE', 'ACK']);
      assert.equal(peers.alice.dialogCount + peers.bob.dialogCount, 0);
    });
  }

  test('a listener that throws does not break the UA: the INVITE gets 500 and the next call works', async () => {
    const peers = twoPeers();
    const unsubscribe = peers.bob.onIncomingInvite(() => {
      throw new Error('application bug');
    });
    const first = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    let status = 0;
    first.onFailed((f) => (status = f.status));
    await peers.run(20);
    assert.equal(status, 500);
    unsubscribe();
    answering(peers, (invite) => invite.accept(SDP_ANSWER));
    const second = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    await peers.run(20);
    assert.equal(second.state, 'established');
  });

  test('an INVITE nobody listens for is answered 480', async () => {
    const peers = twoPeers();
    const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    let status = 0;
    call.onFailed((f) => (status = f.status));
    await peers.run(20);
    assert.equal(status, 480);
  });

  test('a callee that never answers: Timer B ends the attempt with a local 408 after 64*T1', async () => {
    const peers = twoPeers();
    peers.net.dropAll((r) => r.label === 'INVITE');
    const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
    let status = 0;
    call.onFailed((f) => (status = f.status));
    peers.clock.advance(31_999);
    assert.equal(status, 0);
    peers.clock.advance(1);
    assert.equal(status, 408);
    assert.equal(peers.net.count('INVITE'), 7, 'sent at 0, 0.5, 1.5, 3.5, 7.5, 15.5 and 31.5 s (Timer A)');
  });

  test('a target no transport can reach is refused at once', () => {
    const peers = twoPeers();
    assert.throws(() => peers.alice.invite('sip:carol@example.com', { content: SDP_OFFER }), { code: 'UA_NO_ROUTE' });
    assert.throws(() => peers.alice.invite('mailto:carol@example.com'), { code: 'UA_INVALID_URI' });
  });
});
