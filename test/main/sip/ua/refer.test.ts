import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatUri } from '../../../../src/main/sip/message/index.js';
import { type IncomingRefer, type InviteSession } from '../../../../src/main/sip/ua/index.js';
import { SDP_ANSWER, SDP_OFFER, twoPeers, type Peers } from '../../../helpers/sip-ua-peers.js';

async function established(peers: Peers): Promise<{ alice: InviteSession; bob: InviteSession }> {
  let bob: InviteSession | undefined;
  peers.bob.onIncomingInvite((invite) => (bob = invite.accept(SDP_ANSWER)));
  const call = peers.alice.invite(peers.bobUri, { content: SDP_OFFER });
  await peers.run(20);
  assert.ok(call.session && bob);
  return { alice: call.session, bob };
}

describe('REFER in a call (RFC 3515)', () => {
  test('202, then NOTIFYs of message/sipfrag: 100 Trying at once, the final status ends the subscription', async () => {
    const peers = twoPeers();
    const { alice, bob } = await established(peers);
    let incoming: IncomingRefer | undefined;
    bob.setReferHandler((refer) => {
      incoming = refer;
      refer.accept();
    });
    const referral = alice.refer('sip:carol@127.0.0.3');
    const seen: string[] = [];
    referral.onAccepted((o) => seen.push(`accepted ${o.status}`));
    referral.onProgress((p) => seen.push(`progress ${p.status} ${p.reason}`));
    referral.onCompleted((c) => seen.push(`completed ${c.last?.status ?? '-'}`));
    await peers.run(20);
    assert.equal(incoming && formatUri(incoming.referTo.uri), 'sip:carol@127.0.0.3');
    incoming?.notify(180);
    await peers.run(20);
    incoming?.notify(200);
    await peers.run(20);
    assert.deepEqual(seen, ['accepted 202', 'progress 100 Trying', 'progress 180 Ringing', 'progress 200 OK', 'completed 200']);
    const notifies = peers.net.wire.filter((r) => r.label === 'NOTIFY').map((r) => r.message);
    assert.equal(notifies.length, 3);
    assert.equal(notifies[0]?.headers.first('Content-Type'), 'message/sipfrag;version=2.0');
    assert.equal(Buffer.from(notifies[0]?.body ?? []).toString(), 'SIP/2.0 100 Trying\r\n');
    assert.match(notifies[0]?.headers.first('Event') ?? '', /^refer;id=\d+$/);
    assert.match(notifies[0]?.headers.first('Subscription-State') ?? '', /^active;expires=\d+$/);
    assert.equal(notifies[2]?.headers.first('Subscription-State'), 'terminated;reason=noresource');
    assert.equal(peers.net.count('200 NOTIFY'), 3);
    assert.equal(referral.state, 'completed');
    assert.equal(alice.state, 'confirmed', 'the call goes on');
  });

  const refusals = [
    { name: 'a REFER the application declines gets its status', handler: (r: IncomingRefer) => r.reject(603), status: 603 },
    { name: 'a session without a REFER handler answers 603', handler: undefined, status: 603 },
  ];
  for (const row of refusals) {
    test(row.name, async () => {
      const peers = twoPeers();
      const { alice, bob } = await established(peers);
      bob.setReferHandler(row.handler);
      const referral = alice.refer('sip:carol@127.0.0.3');
      let failed = 0;
      referral.onFailed((o) => (failed = o.status));
      await peers.run(20);
      assert.equal(failed, row.status);
      assert.equal(referral.state, 'failed');
    });
  }

  test('a REFER outside any dialog is refused (403)', async () => {
    const peers = twoPeers();
    const { SipProbe } = await import('../../../helpers/sip-ua-probe.js');
    const probe = new SipProbe(peers.net);
    probe.send(probe.build({ method: 'REFER', requestUri: 'sip:bob@127.0.0.2', headers: [['Refer-To', '<sip:carol@127.0.0.3>']] }), { protocol: 'UDP', host: '127.0.0.2', port: 5060 });
    await peers.run(10);
    assert.deepEqual(probe.finals(), [403]);
  });
});
