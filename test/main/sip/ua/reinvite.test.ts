import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentText, type InviteSession, type OfferDecision, type ReinviteResult } from '../../../../src/main/sip/ua/index.js';
import { BOB_HOST, SDP_ANSWER, SDP_HOLD, SDP_OFFER, twoPeers, type Peers } from '../../../helpers/sip-ua-peers.js';
import { SipProbe } from '../../../helpers/sip-ua-probe.js';

const HOLD_ANSWER = { contentType: 'application/sdp', body: SDP_ANSWER.body.replace('sendrecv', 'recvonly') };

async function established(peers: Peers): Promise<{ alice: InviteSession; bob: InviteSession }> {
  let bob: InviteSession | undefined;
  peers.bob.onIncomingInvite((invite) => (bob = invite.accept(SDP_ANSWER)));
  const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
  await peers.run(60);
  const alice = call.session;
  assert.ok(alice && bob);
  return { alice, bob };
}

describe('re-INVITE (RFC 3261 §14)', () => {
  test('hold: the offer reaches the peer unchanged, its answer comes back, the ACK confirms', async () => {
    const peers = twoPeers();
    const { alice, bob } = await established(peers);
    const offers: string[] = [];
    bob.setOfferHandler((offer) => {
      offers.push(contentText(offer));
      return HOLD_ANSWER;
    });
    const modified: string[] = [];
    bob.onModified((m) => modified.push(`bob ${m.direction} ${contentText(m.answer).includes('recvonly')}`));
    alice.onModified((m) => modified.push(`alice ${m.direction} ${contentText(m.offer).includes('sendonly')}`));
    const acked: number[] = [];
    bob.onAcknowledged((a) => acked.push(a.seq));
    const result = alice.modify(SDP_HOLD);
    await peers.run(20);
    const done = await result;
    assert.deepEqual(offers, [SDP_HOLD.body]);
    assert.equal(done.ok, true);
    assert.equal(done.ok && contentText(done.answer), HOLD_ANSWER.body);
    assert.deepEqual(modified, ['bob incoming true', 'alice outgoing true']);
    assert.deepEqual(acked, [2], 'the re-INVITE (CSeq 2) was ACKed');
    assert.equal(alice.state, 'confirmed');
    assert.equal(bob.state, 'confirmed');
    assert.equal(alice.dialog.localSeq, 2);
    assert.equal(bob.dialog.remoteSeq, 2);
  });

  test('an offer handler may answer later, through a promise', async () => {
    const peers = twoPeers();
    const { alice, bob } = await established(peers);
    bob.setOfferHandler(() => new Promise<OfferDecision>((resolve) => peers.clock.setTimer(300, () => resolve(HOLD_ANSWER))));
    const result = alice.modify(SDP_HOLD);
    await peers.run(400);
    assert.equal((await result).ok, true);
  });

  test('a refused offer gets 488 and leaves the session as it was', async () => {
    const peers = twoPeers();
    const { alice, bob } = await established(peers);
    bob.setOfferHandler(() => ({ reject: 488 }));
    const result = alice.modify(SDP_HOLD);
    await peers.run(20);
    const done: ReinviteResult = await result;
    assert.equal(done.ok, false);
    assert.equal(done.ok ? 0 : done.status, 488);
    assert.equal(alice.state, 'confirmed');
    assert.equal(bob.state, 'confirmed');
    // and the dialog still works: a second re-INVITE goes through
    bob.setOfferHandler(() => HOLD_ANSWER);
    const again = alice.modify(SDP_HOLD);
    await peers.run(20);
    assert.equal((await again).ok, true);
  });

  test('glare: both ends re-INVITE at once and each gets 491 (§14.2)', async () => {
    const peers = twoPeers({ latencyMs: 10 });
    const { alice, bob } = await established(peers);
    alice.setOfferHandler(() => HOLD_ANSWER);
    bob.setOfferHandler(() => HOLD_ANSWER);
    const fromAlice = alice.modify(SDP_HOLD);
    const fromBob = bob.modify(SDP_HOLD);
    await peers.run(100);
    const results = [await fromAlice, await fromBob].map((r) => (r.ok ? 200 : r.status));
    assert.deepEqual(results, [491, 491]);
    assert.equal(alice.state, 'confirmed');
    assert.equal(bob.state, 'confirmed');
  });

  test('a second re-INVITE while ours is pending is refused locally (§14.1)', async () => {
    const peers = twoPeers();
    const { alice, bob } = await established(peers);
    bob.setOfferHandler(() => HOLD_ANSWER);
    void alice.modify(SDP_HOLD);
    assert.throws(() => alice.modify(SDP_HOLD), { code: 'UA_REQUEST_PENDING' });
    await peers.run(20);
  });

  test('a second re-INVITE from the peer while the first is unanswered gets 500 with Retry-After (§14.2)', async () => {
    const peers = twoPeers();
    const probe = new SipProbe(peers.net);
    const bobAddress = { protocol: 'UDP' as const, host: BOB_HOST, port: 5060 };
    let session: InviteSession | undefined;
    peers.bob.onIncomingInvite((invite) => {
      session = invite.accept(SDP_ANSWER);
      session.setOfferHandler(() => new Promise<OfferDecision>(() => undefined));
    });
    const send = (init: Parameters<SipProbe['build']>[0]): void => probe.send(probe.build(init), bobAddress);
    send({ method: 'INVITE', requestUri: 'sip:bob@127.0.0.2', callId: 'glare', cseq: 1, body: 'v=0\r\n' });
    await peers.run(10);
    const toTag = /;tag=([^;]+)/.exec(probe.responses.find((r) => r.status === 200)?.headers.first('To') ?? '')?.[1] ?? '';
    send({ method: 'ACK', requestUri: 'sip:bob@127.0.0.2', callId: 'glare', cseq: 1, toTag, contact: false });
    send({ method: 'INVITE', requestUri: 'sip:bob@127.0.0.2', callId: 'glare', cseq: 2, toTag, body: 'v=0\r\n' });
    await peers.run(10);
    send({ method: 'INVITE', requestUri: 'sip:bob@127.0.0.2', callId: 'glare', cseq: 3, toTag, body: 'v=0\r\n' });
    await peers.run(10);
    const last = probe.responses.filter((r) => r.status >= 200).at(-1);
    assert.equal(last?.status, 500);
    assert.match(last?.headers.first('Retry-After') ?? '', /^(?:[0-9]|10)$/);
    assert.equal(session?.state, 'confirmed');
  });
});
